import type { ReactNode } from 'react';
import { AppBar, CanAccess, Layout as RaLayout, Menu, TitlePortal } from 'react-admin';
import captures from '../captures';
import { DashboardIcon } from '../dashboard';
import { SelfCaptureIcon } from '../selfCapture';
import { PrincipalSummary } from './PrincipalSummary';

const TongpaiAppBar = () => (
  <AppBar>
    <TitlePortal />
    <PrincipalSummary />
  </AppBar>
);

/**
 * Captures have no list, so the menu links straight to the form, for those allowed to capture; the dashboard is
 * a page of its own (no resource), for those who may read it.
 */
const TongpaiMenu = () => (
  <Menu>
    <CanAccess action="create" resource="captures">
      <Menu.Item to="/captures/create" primaryText="tongpai.menu.new_capture" leftIcon={<captures.icon />} />
    </CanAccess>
    <CanAccess action="create" resource="self-capture">
      <Menu.Item to="/self-capture" primaryText="tongpai.self_capture.menu" leftIcon={<SelfCaptureIcon />} />
    </CanAccess>
    <Menu.ResourceItems />
    <CanAccess action="read" resource="dashboard">
      <Menu.Item to="/dashboard" primaryText="tongpai.menu.dashboard" leftIcon={<DashboardIcon />} />
    </CanAccess>
  </Menu>
);

export const Layout = ({ children }: { children: ReactNode }) => (
  <RaLayout appBar={TongpaiAppBar} menu={TongpaiMenu}>
    {children}
  </RaLayout>
);
