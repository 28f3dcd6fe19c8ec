import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { incidentsViews } from '../../../incidents/index.js';
import { AppError } from '../../../lib/errors.js';
import type { ApiContext } from '../../context.js';
import { requireCustomer, requireStaff } from '../../plugins/auth.js';
import { errors, Id, IdParams, PageQuery, pageOf, Text } from '../../schemas.js';

const tags = ['incidents'];
const { CustomerIncidentView, IncidentImpact, IncidentStatus, PublicStatusView, StaffIncidentView } =
  incidentsViews;
const Message = Text({ minLength: 1, maxLength: 4000 });

/**
 * Incidents: staff open and update them; a signed-in customer reads the open ones that touch its
 * hosts (the dashboard's banner); anyone reads the public status, which names no host.
 */
export function incidentsRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { incidents } = ctx;
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const staff = requireStaff();
    const staffWriters = requireStaff('support');

    app.get(
      '/status',
      {
        schema: {
          tags,
          summary: 'The service status: open incidents and those resolved in the last 90 days',
          description: 'Public: no sign-in. Names no host and no customer.',
          security: [],
          response: { 200: PublicStatusView, ...errors },
        },
      },
      async () => incidents.publicStatus(),
    );

    app.get(
      '/status/outage',
      {
        schema: {
          tags,
          summary: 'The XEP-0455 service outage status document chat apps read',
          description:
            'Public: no sign-in. Each host names this address in its disco#info (FORM_TYPE urn:xmpp:sos:0). ' +
            'Only incidents that affect every host are in it; `{}` when there are none.',
          security: [],
          response: { 200: incidentsViews.OutageStatusView, ...errors },
        },
      },
      async () => incidents.outageStatus(),
    );

    app.get(
      '/incidents/current',
      {
        schema: {
          tags,
          summary: "The open incidents that affect the signed-in customer's hosts",
          response: { 200: Type.Object({ items: Type.Array(CustomerIncidentView) }), ...errors },
        },
        preHandler: requireCustomer(),
      },
      async (request) => {
        const customerId = request.auth?.customerId;
        if (!customerId) throw new AppError('forbidden');
        return { items: await incidents.forCustomer(customerId) };
      },
    );

    app.get(
      '/admin/incidents',
      {
        schema: {
          tags,
          summary: 'Every incident, newest first',
          querystring: PageQuery,
          response: { 200: pageOf(StaffIncidentView), ...errors },
        },
        preHandler: staff,
      },
      async (request) => incidents.list(request.query),
    );

    app.post(
      '/admin/incidents',
      {
        schema: {
          tags,
          summary: 'Open an incident; emails the customers of the affected hosts',
          description:
            '`hostIds` null: every host. Answers 404 `host_not_found` for a host that does not exist.',
          body: Type.Object(
            {
              title: Text({ minLength: 1, maxLength: 200 }),
              impact: IncidentImpact,
              status: Type.Optional(
                Type.Union([
                  Type.Literal('investigating'),
                  Type.Literal('identified'),
                  Type.Literal('monitoring'),
                ]),
              ),
              message: Message,
              hostIds: Type.Union([Type.Array(Id, { minItems: 1, maxItems: 1000 }), Type.Null()]),
            },
            { additionalProperties: false },
          ),
          response: { 201: StaffIncidentView, ...errors },
        },
        preHandler: staffWriters,
        config: { audit: { action: 'incident.open', targetType: 'incident' } },
      },
      async (request, reply) => {
        const incident = await incidents.open(request.body);
        request.auditTarget = {
          type: 'incident',
          id: incident.id,
          details: { title: incident.title, impact: incident.impact, isAllHosts: incident.isAllHosts },
        };
        return reply.code(201).send(incident);
      },
    );

    app.get(
      '/admin/incidents/:id',
      {
        schema: {
          tags,
          summary: 'One incident with its updates, hosts and linked tickets',
          params: IdParams,
          response: { 200: StaffIncidentView, ...errors },
        },
        preHandler: staff,
      },
      async (request) => incidents.get(request.params.id),
    );

    app.post(
      '/admin/incidents/:id/updates',
      {
        schema: {
          tags,
          summary: 'Post a status update; `resolved` closes the incident and emails the customers',
          description: 'Answers 409 `incident_resolved` once the incident is resolved.',
          params: IdParams,
          body: Type.Object({ status: IncidentStatus, message: Message }, { additionalProperties: false }),
          response: { 200: StaffIncidentView, ...errors },
        },
        preHandler: staffWriters,
        config: { audit: { action: 'incident.update', targetType: 'incident' } },
      },
      async (request) => {
        const incident = await incidents.postUpdate(request.params.id, request.body);
        request.auditTarget = { type: 'incident', id: incident.id, details: { status: request.body.status } };
        return incident;
      },
    );

    app.get(
      '/admin/tickets/:id/incidents',
      {
        schema: {
          tags,
          summary: 'The incidents a ticket was linked to when it was opened',
          params: IdParams,
          response: { 200: Type.Object({ items: Type.Array(incidentsViews.TicketIncidentView) }), ...errors },
        },
        preHandler: staff,
      },
      async (request) => ({ items: await incidents.ofTicket(request.params.id) }),
    );
  };
}
