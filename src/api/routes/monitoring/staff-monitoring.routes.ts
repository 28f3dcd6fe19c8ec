import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { monitoringViews } from '../../../monitoring/index.js';
import type { ApiContext } from '../../context.js';
import { requireStaff } from '../../plugins/auth.js';
import { RangeQuery, tags } from './monitoring.schemas.js';
import { errors } from '../../schemas.js';

const BUSIEST_HOSTS = 10;

/** Staff: every host together, the busiest hosts with their failed-login rates, and this node. */
export function staffMonitoringRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { monitoring, tenancy } = ctx;

  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/admin/monitoring',
      {
        schema: {
          tags,
          summary: "Staff: all hosts' figures over time, the busiest hosts, and this node's process",
          querystring: RangeQuery,
          response: { 200: monitoringViews.StaffMonitoringView, ...errors },
        },
        preHandler: requireStaff(),
      },
      async (request) => {
        const range = request.query.range ?? '24h';
        const busiest = await monitoring.busiestHosts(range, BUSIEST_HOSTS);
        const staff = { kind: 'staff' } as const;
        const busiestHosts = [];
        for (const host of busiest) {
          // A host deleted since it was counted has nothing left to show.
          const view = await tenancy.hosts.get(staff, host.hostId).catch(() => null);
          if (!view) continue;
          const logins = host.loginsOk + host.loginsFailed;
          busiestHosts.push({
            hostId: host.hostId,
            domain: view.displayDomain,
            messages: host.messages,
            peakSessions: host.peakSessions,
            loginsSucceeded: host.loginsOk,
            loginsFailed: host.loginsFailed,
            failedLoginRate: logins === 0 ? 0 : host.loginsFailed / logins,
          });
        }
        return {
          metrics: await monitoring.allHostsMetrics(range),
          busiestHosts,
          process: monitoring.processFigures(),
        };
      },
    );
  };
}
