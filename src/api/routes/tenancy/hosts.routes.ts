import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { ApiContext } from '../../context.js';
import { requireCustomer, requireStaff } from '../../plugins/auth.js';
import { body, errors, NoContent } from '../../schemas.js';
import { Currency, Cycle as CycleSchema } from '../billing/billing.schemas.js';
import { actorOf, canChangeHostStatus, canDeleteHost, canRead } from './tenancy-access.js';
import {
  AdminHost,
  AdminHostsQuery,
  CreatedHost,
  Domain,
  Host,
  HostDetail,
  HostParams,
  HostStatus,
  HostStatusReason,
  pageOf,
  PageQuery,
} from './tenancy.schemas.js';

const tags = ['hosts'];

const PlanId = Type.String({ minLength: 1, maxLength: 100, pattern: '^[\\x21-\\x7e]+$' });

/** IM hosts: a customer's own under /hosts, everyone's for staff under /admin/hosts. */
export function hostsRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { tenancy, workflows } = ctx;

  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/hosts',
      {
        schema: {
          tags,
          summary: "List my organisation's IM hosts",
          querystring: PageQuery,
          response: { 200: pageOf(Host), ...errors },
        },
        preHandler: requireCustomer(),
      },
      async (request) => tenancy.hosts.listForCustomer(request.auth!.customerId!, request.query),
    );

    app.post(
      '/hosts',
      {
        schema: {
          tags,
          summary: 'Create an IM host for a domain, optionally on a plan',
          description:
            'The host is served at once, or, where domain verification is required (IMHOST_DOMAIN_VERIFICATION), ' +
            'once its TXT record proves the domain (GET /hosts/{id}/domain). A domain another customer holds ' +
            'unproven answers domain_claim_pending, with the TXT record that proves it is yours in the details. ' +
            'With a planId the host starts its subscription: a plan with a trial starts in trial; ' +
            'one without charges its first invoice to the default card at once. If that is not ' +
            'possible (no card: payment_method_required; declined: payment_failed), no host is created. ' +
            'A plan without a custom domain takes only `<label>.<hosted domain>` ' +
            '(custom_domain_not_allowed; the hosted domain is in GET /server-info).',
          body: body({
            domain: Domain,
            planId: Type.Optional(PlanId),
            cycle: Type.Optional(CycleSchema),
            currency: Type.Optional(Currency),
          }),
          response: { 201: CreatedHost, ...errors },
        },
        preHandler: requireCustomer('admin'),
        config: { audit: { action: 'host.create', targetType: 'host' } },
      },
      async (request, reply) => {
        const customerId = request.auth!.customerId!;
        const { domain, planId, cycle, currency } = request.body;
        await ctx.domains.prepareHostName(customerId, domain);
        const host = planId
          ? await workflows.createHostOnPlan({ customerId, domain, planId, cycle, currency })
          : await tenancy.hosts.create({ customerId, domain });
        request.auditTarget = {
          type: 'host',
          id: host.id,
          customerId: host.customerId,
          details: { domain: host.domain },
        };
        return reply.code(201).send(host);
      },
    );

    app.get(
      '/hosts/:id',
      {
        schema: {
          tags,
          summary: 'Get one IM host, with its plan limits and member count',
          params: HostParams,
          response: { 200: HostDetail, ...errors },
        },
        preHandler: canRead,
      },
      async (request) => tenancy.hosts.describe(actorOf(request), request.params.id),
    );

    app.patch(
      '/hosts/:id',
      {
        schema: {
          tags,
          summary: 'Suspend, resume or terminate an IM host',
          description:
            'Customers may suspend their own host and resume it if they suspended it themselves. ' +
            'Staff may set any status with any reason.',
          params: HostParams,
          body: body({ status: HostStatus, reason: Type.Optional(HostStatusReason) }),
          response: { 200: Host, ...errors },
        },
        preHandler: canChangeHostStatus,
        config: { audit: { action: 'host.update_status', targetType: 'host', targetParam: 'id' } },
      },
      async (request) => {
        const host = await tenancy.hosts.changeStatus(actorOf(request), request.params.id, request.body);
        request.auditTarget = {
          type: 'host',
          id: host.id,
          customerId: host.customerId,
          details: { status: host.status, reason: host.statusReason },
        };
        return host;
      },
    );

    app.delete(
      '/hosts/:id',
      {
        schema: {
          tags,
          summary: 'Delete an IM host and all its members',
          params: HostParams,
          response: { 204: NoContent, ...errors },
        },
        preHandler: canDeleteHost,
        config: { audit: { action: 'host.delete', targetType: 'host', targetParam: 'id' } },
      },
      async (request, reply) => {
        const { customerId } = await tenancy.hosts.delete(actorOf(request), request.params.id);
        request.auditTarget = { type: 'host', id: request.params.id, customerId };
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/admin/hosts',
      {
        schema: {
          tags: ['hosts', 'admin'],
          summary: "List every customer's IM hosts (staff)",
          querystring: AdminHostsQuery,
          response: { 200: pageOf(AdminHost), ...errors },
        },
        preHandler: requireStaff(),
      },
      async (request) => {
        const { q, ...page } = request.query;
        return tenancy.hosts.listAll({ ...page, search: q });
      },
    );
  };
}
