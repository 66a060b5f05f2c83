/** The routes of institutional sharing: catalogue and organisations, applications, lookups, tools, monitoring. */
import type { Route } from '../contract';
import { applicationRoutes, type ApplicationDeps } from './application-routes';
import { catalogueRoutes } from './catalogue-routes';
import { lookupRoutes, type LookupDeps } from './lookup-routes';
import { monitoringRoutes } from './monitoring-routes';
import { toolsRoutes, type ToolsDeps } from './tools-routes';
import type { ProfileSet } from '../../imaging';

export type SharingDeps = ApplicationDeps & LookupDeps & ToolsDeps & { profiles: ProfileSet };

export const sharingRoutes = (deps: SharingDeps): Route[] => [
  ...catalogueRoutes(deps),
  ...applicationRoutes(deps),
  ...lookupRoutes(deps),
  ...toolsRoutes(deps),
  ...monitoringRoutes(deps),
];
