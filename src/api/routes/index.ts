import type { FastifyPluginAsync } from 'fastify';
import type { ApiContext } from '../context.js';
import { accountsRoutes } from './accounts/accounts.routes.js';
import { tenancyRoutes } from './tenancy/tenancy.routes.js';
import { adminRoutes } from './admin/admin.routes.js';
import { billingRoutes } from './billing/billing.routes.js';
import { supportRoutes } from './support/support.routes.js';
import { domainsRoutes } from './domains/domains.routes.js';
import { securityRoutes } from './security/security.routes.js';
import { diagnosticsRoutes } from './diagnostics/diagnostics.routes.js';
import { incidentsRoutes } from './incidents/incidents.routes.js';
import { monitoringRoutes } from './monitoring/monitoring.routes.js';

/** Every route module under /api/v1, one per area. Each declares its own routes and schemas. */
export type RouteModule = (ctx: ApiContext) => FastifyPluginAsync;

export const apiRouteModules: RouteModule[] = [
  accountsRoutes,
  tenancyRoutes,
  adminRoutes,
  billingRoutes,
  supportRoutes,
  domainsRoutes,
  securityRoutes,
  diagnosticsRoutes,
  incidentsRoutes,
  monitoringRoutes,
];
