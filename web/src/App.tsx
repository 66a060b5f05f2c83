/** The composition root: the signed-in Keycloak session in, the whole console out. */
import { useMemo } from 'react';
import type Keycloak from 'keycloak-js';
import { Admin, CustomRoutes, Resource } from 'react-admin';
import { BrowserRouter, Route } from 'react-router-dom';
import audit from './audit';
import captures from './captures';
import cases from './cases';
import { myAccessLog, myGrants, myPhotos, redeem, VerifyPage } from './citizen';
import { BigScreen, DashboardPage } from './dashboard';
import { Layout } from './layout/Layout';
import { createAuthProvider } from './providers/authProvider';
import { createDataProvider } from './providers/dataProvider';
import { createApiClient } from './providers/httpClient';
import grants from './grants';
import { i18nProvider } from './providers/i18nProvider';
import { consoleStore } from './providers/store';
import review from './review';
import { applications, catalogueEntries, interfaceClients, organisations } from './sharing';
import stations from './stations';
import thirdPartyClients from './third-party-clients';
import upstream from './upstream';
import { SelfCapturePage } from './selfCapture';
import { StationName } from './stations/StationName';

export const App = ({ keycloak }: { keycloak: Keycloak }) => {
  const providers = useMemo(() => {
    const apiClient = createApiClient({ keycloak, getLocale: () => i18nProvider.getLocale() });
    return { authProvider: createAuthProvider(keycloak), dataProvider: createDataProvider(apiClient) };
  }, [keycloak]);

  // A browser router (not react-admin's default hash router): Keycloak returns to the page with its answer in
  // the URL fragment, which a hash router would take for a route.
  return (
    <BrowserRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <Admin
        title="通拍 Tongpai"
        authProvider={providers.authProvider}
        dataProvider={providers.dataProvider}
        i18nProvider={i18nProvider}
        store={consoleStore}
        layout={Layout}
        loginPage={false}
        requireAuth
        disableTelemetry
      >
        <Resource name="cases" {...cases} recordRepresentation="personName" />
        <Resource name="review" {...review} recordRepresentation="personName" />
        <Resource name="captures" {...captures} />
        <Resource name="stations" {...stations} recordRepresentation={<StationName />} />
        <Resource name="upstream-targets" {...upstream} />
        {/* Shown on the upstream page only: no menu entry of its own. */}
        <Resource name="upstream-queue" />
        <Resource name="audit" {...audit} />
        <CustomRoutes>
          <Route path="/dashboard" element={<DashboardPage />} />
          <Route path="/self-capture" element={<SelfCapturePage />} />
        </CustomRoutes>
        {/* The wall display: the same figures without the console's menu and app bar. */}
        <CustomRoutes noLayout>
          <Route path="/big-screen" element={<BigScreen />} />
        </CustomRoutes>
        <Resource name="applications" {...applications} recordRepresentation="organisationName" />
        <Resource name="catalogue-entries" {...catalogueEntries} recordRepresentation="name" />
        <Resource name="organisations" {...organisations} recordRepresentation="name" />
        <Resource name="interface-clients" {...interfaceClients} />
        <Resource name="grants" {...grants} />
        <Resource name="third-party-clients" {...thirdPartyClients} recordRepresentation="registeredName" />
        {/* Shown on a third party's page only: no menu entry of its own. */}
        <Resource name="webhook-deliveries" />
        {/* A citizen's own pages and the third-party page: only for those roles (authProvider). */}
        <Resource name="my-photos" {...myPhotos} />
        <Resource name="my-grants" {...myGrants} />
        <Resource name="my-access-log" {...myAccessLog} />
        <Resource name="redeem" {...redeem} />
        <CustomRoutes>
          <Route path="/verify/:caseId/:profileId" element={<VerifyPage />} />
        </CustomRoutes>
      </Admin>
    </BrowserRouter>
  );
};
