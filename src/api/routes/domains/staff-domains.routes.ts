import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { registrationViews } from '../../../domains/index.js';
import { AppError } from '../../../lib/errors.js';
import { Timestamp } from '../../../lib/view-schema.js';
import type { ApiContext } from '../../context.js';
import { requireStaff } from '../../plugins/auth.js';
import { body, errors, IdParams, NoContent, Text } from '../../schemas.js';
import { tags } from './domain.schemas.js';

/** Registrations and the registrar queue are support's work (admins may do everything). */
const domainStaff = requireStaff('support', 'billing');

const StaffRegistration = Type.Object({
  ...registrationViews.RegistrationFacts.properties,
  customerName: Type.String(),
});

const TaskQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('done'), Type.Literal('refused')])),
  },
  { additionalProperties: false },
);

function staffName(request: { auth: { user: { name: string } } | null }): string {
  if (!request.auth) throw new AppError('unauthenticated');
  return request.auth.user.name;
}

/** Staff: every tracked domain registration, and the manual registrar's queue of renewals. */
export function staffDomainsRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { domainRegistration, accounts } = ctx;
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/admin/domains/registrations',
      {
        schema: {
          tags,
          summary: 'Every tracked domain registration: problems first, then the nearest expiry',
          response: { 200: Type.Array(StaffRegistration), ...errors },
        },
        preHandler: domainStaff,
      },
      async () => {
        const registrations = await domainRegistration.staff.list();
        const names = await accounts.findCustomerNames([...new Set(registrations.map((r) => r.customerId))]);
        return registrations.map((r) => ({ ...r, customerName: names.get(r.customerId) ?? '' }));
      },
    );

    app.patch(
      '/admin/domains/:id',
      {
        schema: {
          tags,
          summary: 'Mark a domain as registered through us (which offers auto-renewal), or not',
          params: IdParams,
          body: body({ isThroughProvider: Type.Boolean() }),
          response: { 204: NoContent, ...errors },
        },
        preHandler: domainStaff,
        config: {
          audit: { action: 'domain.registrar.update', targetType: 'domain_registration', targetParam: 'id' },
        },
      },
      async (request, reply) => {
        await domainRegistration.staff.setThroughProvider(request.params.id, request.body.isThroughProvider);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/admin/domains/registrar-tasks',
      {
        schema: {
          tags,
          summary: "The manual registrar's queue: renewals to do at the registrar, oldest first",
          querystring: TaskQuery,
          response: { 200: Type.Array(registrationViews.RegistrarTaskView), ...errors },
        },
        preHandler: domainStaff,
      },
      async (request) => domainRegistration.staff.tasks(request.query.status ?? 'open'),
    );

    app.post(
      '/admin/domains/registrar-tasks/:id/complete',
      {
        schema: {
          tags,
          summary: 'Record the renewal done at the registrar, with the new expiry it shows',
          params: IdParams,
          body: body({ expiresAt: Timestamp }),
          response: { 204: NoContent, ...errors },
        },
        preHandler: domainStaff,
        config: {
          audit: { action: 'domain.renewal.complete', targetType: 'registrar_task', targetParam: 'id' },
        },
      },
      async (request, reply) => {
        await domainRegistration.staff.completeTask(request.params.id, {
          expiresAt: new Date(request.body.expiresAt).toISOString(),
          staffName: staffName(request),
        });
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/admin/domains/registrar-tasks/:id/refuse',
      {
        schema: {
          tags,
          summary: 'Record that the registrar refused the renewal; the customer is refunded',
          params: IdParams,
          body: body({ reason: Text({ minLength: 1, maxLength: 500 }) }),
          response: { 204: NoContent, ...errors },
        },
        preHandler: domainStaff,
        config: {
          audit: { action: 'domain.renewal.refuse', targetType: 'registrar_task', targetParam: 'id' },
        },
      },
      async (request, reply) => {
        await domainRegistration.staff.refuseTask(request.params.id, {
          reason: request.body.reason,
          staffName: staffName(request),
        });
        return reply.code(204).send(null);
      },
    );
  };
}
