import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { securityViews } from '../../../security/index.js';
import type { ApiContext } from '../../context.js';
import { requireStaff } from '../../plugins/auth.js';
import { errors } from '../../schemas.js';
import { actorOf, canRead } from '../tenancy/tenancy-access.js';
import { HostParams } from '../tenancy/tenancy.schemas.js';

const tags = ['security'];

/** Each host's security audit (latest, history, run now), and staff's server-wide report. */
export function securityRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { security } = ctx;

  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/hosts/:id/audit',
      {
        schema: {
          tags,
          summary: "The host's latest security audit, each check with its fix, and the audits before it",
          params: HostParams,
          response: { 200: securityViews.HostAuditView, ...errors },
        },
        preHandler: canRead,
      },
      async (request) => security.describe(actorOf(request), request.params.id),
    );

    app.post(
      '/hosts/:id/audit',
      {
        schema: {
          tags,
          summary: 'Run the security audit of the host now',
          description:
            'Measures the TLS ports with real handshakes and runs every other check; a check that newly fails emails the owners and staff. Answers with the new state, as GET does.',
          params: HostParams,
          response: { 200: securityViews.HostAuditView, ...errors },
        },
        preHandler: canRead,
        config: { audit: { action: 'host.security_audit.run', targetType: 'host', targetParam: 'id' } },
      },
      async (request) => {
        const host = await ctx.tenancy.hosts.get(actorOf(request), request.params.id);
        const view = await security.run(actorOf(request), host.id);
        request.auditTarget = {
          type: 'host',
          id: host.id,
          customerId: host.customerId,
          details: { domain: host.domain },
        };
        return view;
      },
    );

    app.get(
      '/admin/audits',
      {
        schema: {
          tags: [...tags, 'admin'],
          summary: "Staff: the server's own checks, then every host's latest audit, failures first",
          response: { 200: securityViews.ServerAuditReport, ...errors },
        },
        preHandler: requireStaff(),
      },
      async () => security.report(),
    );
  };
}
