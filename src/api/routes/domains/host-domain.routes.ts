import { X509Certificate } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { ApiContext } from '../../context.js';
import { errors, NoContent } from '../../schemas.js';
import { actorOf, canChangeHostStatus, canRead } from '../tenancy/tenancy-access.js';
import { HostParams } from '../tenancy/tenancy.schemas.js';
import { HostDomainChanges, HostDomainView, tags, type HostDomainView as View } from './domain.schemas.js';
import { registrationView } from './registration-view.js';

const DAY_MS = 86_400_000;
const EXPIRING_DAYS = 14;

/**
 * GET /hosts/{id}/domain: the host's domain end to end. This branch fills the registration; the
 * ownership check, DNS checks and ACME certificate (issue 16 parts 1-3) fill theirs, so until they
 * do, verification and DNS say `unknown` and the certificate is what the store serves.
 */
async function certificateView(ctx: ApiContext, domain: string): Promise<View['certificate']> {
  const info = await ctx.certificates.info(domain);
  if (!info) return { source: 'none', issuer: null, notAfter: null, renewAt: null, status: 'none' };
  const left = Date.parse(info.notAfter) - ctx.clock.nowMs();
  return {
    source: info.isSelfSigned ? 'self_signed' : 'installed',
    issuer: new X509Certificate(info.certPem).issuer.replace(/\n/g, ', '),
    notAfter: info.notAfter,
    renewAt: null,
    status: left <= 0 ? 'expired' : left <= EXPIRING_DAYS * DAY_MS ? 'expiring' : 'ok',
  };
}

export function hostDomainRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { tenancy, domainRegistration } = ctx;

  async function view(host: { id: string; customerId: string; domain: string }): Promise<View> {
    return {
      verification: { status: 'unknown', record: null },
      dns: [],
      certificate: await certificateView(ctx, host.domain),
      registration: await registrationView(ctx, host),
    };
  }

  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/hosts/:id/domain',
      {
        schema: {
          tags,
          summary: "The host's domain: ownership, DNS, certificate and registration",
          params: HostParams,
          response: { 200: HostDomainView, ...errors },
        },
        preHandler: canRead,
      },
      async (request) => view(await tenancy.hosts.get(actorOf(request), request.params.id)),
    );

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
        return view(host);
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
        return view(host);
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
