import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ApiContext } from '../../context.js';
import { errors, NoContent } from '../../schemas.js';
import { actorOf, canChangeHostStatus, canRead } from '../tenancy/tenancy-access.js';
import { HostParams } from '../tenancy/tenancy.schemas.js';
import { HostDomainChanges, HostDomainView, tags } from './domain.schemas.js';
import { hostDomainView } from './registration-view.js';

/** The registration's routes of a host's domain: auto-renewal, a registration check now, the banner. */
export function hostDomainRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { tenancy, domainRegistration } = ctx;

  const view = (request: FastifyRequest, host: { id: string; customerId: string; domain: string }) =>
    hostDomainView(ctx, actorOf(request), host);

  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.patch(
      '/hosts/:id/domain',
      {
        schema: {
          tags,
          summary: 'Turn auto-renewal of the domain on or off',
          description:
            'Only for a domain registered through the provider (else `auto_renew_unavailable`); it is then invoiced at the TLD price and renewed before it expires.',
          params: HostParams,
          body: HostDomainChanges,
          response: { 200: HostDomainView, ...errors },
        },
        preHandler: canChangeHostStatus,
        config: { audit: { action: 'domain.auto_renew', targetType: 'host', targetParam: 'id' } },
      },
      async (request) => {
        const host = await tenancy.hosts.get(actorOf(request), request.params.id);
        await domainRegistration.setAutoRenew(host.customerId, host.id, request.body.autoRenew);
        return view(request, host);
      },
    );

    app.post(
      '/hosts/:id/domain/registration/check',
      {
        schema: {
          tags,
          summary: "Ask RDAP for the domain's registration now",
          params: HostParams,
          response: { 200: HostDomainView, ...errors },
        },
        preHandler: canRead,
      },
      async (request) => {
        const host = await tenancy.hosts.get(actorOf(request), request.params.id);
        await domainRegistration.facts(host.customerId, host);
        await domainRegistration.check(host.customerId, host.id);
        return view(request, host);
      },
    );

    app.delete(
      '/hosts/:id/domain/banner',
      {
        schema: {
          tags,
          summary: "Hide the banner of the domain's latest expiry reminder",
          params: HostParams,
          response: { 204: NoContent, ...errors },
        },
        preHandler: canRead,
      },
      async (request, reply) => {
        const host = await tenancy.hosts.get(actorOf(request), request.params.id);
        await domainRegistration.dismissBanner(host.customerId, host.id);
        return reply.code(204).send(null);
      },
    );
  };
}
