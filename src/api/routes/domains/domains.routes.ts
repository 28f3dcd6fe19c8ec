import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { domainsViews } from '../../../domains/index.js';
import type { ApiContext } from '../../context.js';
import { requireStaff } from '../../plugins/auth.js';
import { body, errors, Text } from '../../schemas.js';
import { actorOf, canRead } from '../tenancy/tenancy-access.js';
import { HostParams } from '../tenancy/tenancy.schemas.js';
import { calendarRoutes } from './calendar.routes.js';
import { HostDomainView } from './domain.schemas.js';
import { hostDomainRoutes } from './host-domain.routes.js';
import { hostDomainView, withRegistration } from './registration-view.js';
import { staffDomainsRoutes } from './staff-domains.routes.js';

const tags = ['domains'];

const Reason = Text({ minLength: 3, maxLength: 500, description: 'Why staff vouch for this domain.' });

/** A host's domain: ownership, the DNS records it needs, its certificate; and the staff overview. */
export function domainsRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { domains, tenancy } = ctx;

  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    // The registration's own routes: auto-renewal, registrar tasks, the calendar feed.
    for (const routes of [hostDomainRoutes, staffDomainsRoutes, calendarRoutes])
      await instance.register(routes(ctx));

    app.get(
      '/hosts/:id/domain',
      {
        schema: {
          tags,
          summary:
            "The host's domain: verification, DNS records (as last checked), certificate, registration",
          params: HostParams,
          response: { 200: HostDomainView, ...errors },
        },
        preHandler: canRead,
      },
      async (request) => {
        const host = await tenancy.hosts.get(actorOf(request), request.params.id);
        return hostDomainView(ctx, actorOf(request), host);
      },
    );

    app.post(
      '/hosts/:id/domain/check',
      {
        schema: {
          tags,
          summary:
            "Look up the host's DNS records now (and verify the domain, and order its certificate, when they are right)",
          params: HostParams,
          response: { 200: HostDomainView, ...errors },
        },
        preHandler: canRead,
      },
      async (request) => {
        const host = await tenancy.hosts.get(actorOf(request), request.params.id);
        return withRegistration(ctx, host, await domains.check(actorOf(request), host.id));
      },
    );

    app.get(
      '/admin/domains',
      {
        schema: {
          tags: ['domains', 'admin'],
          summary: "Every host's domain and certificate (staff): failures first, then the nearest deadline",
          response: { 200: Type.Object({ items: Type.Array(domainsViews.DomainOverviewRow) }), ...errors },
        },
        preHandler: requireStaff(),
      },
      async () => ({ items: await domains.overview() }),
    );

    app.post(
      '/admin/hosts/:id/domain/verify',
      {
        schema: {
          tags: ['domains', 'admin'],
          summary: "Verify a host's domain by hand (staff), with the reason the audit log keeps",
          params: HostParams,
          body: body({ reason: Reason }),
          response: { 200: HostDomainView, ...errors },
        },
        preHandler: requireStaff('admin', 'support'),
        config: { audit: { action: 'host.domain.verify', targetType: 'host', targetParam: 'id' } },
      },
      async (request) => {
        const host = await tenancy.hosts.get(actorOf(request), request.params.id);
        const view = await withRegistration(
          ctx,
          host,
          await domains.verifyByStaff(host.id, request.body.reason),
        );
        request.auditTarget = {
          type: 'host',
          id: host.id,
          customerId: host.customerId,
          details: { domain: host.domain, reason: request.body.reason },
        };
        return view;
      },
    );
  };
}

/** The http-01 answers the CA fetches on our HTTP port (RFC 8555 §8.3), outside /api/v1. */
export function acmeChallengeRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Params: { token: string } }>(
      '/.well-known/acme-challenge/:token',
      { schema: { hide: true } },
      async (request, reply) => {
        const answer = ctx.domains.challengeAnswer(request.params.token);
        if (answer === undefined) return reply.callNotFound();
        return reply.type('application/octet-stream').send(answer);
      },
    );
  };
}
