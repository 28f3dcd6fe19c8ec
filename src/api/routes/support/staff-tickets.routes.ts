import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { ApiContext } from '../../context.js';
import { requireStaff } from '../../plugins/auth.js';
import { staffActor } from './actors.js';
import { multipartValidatorCompiler, readForm } from './multipart-form.js';
import {
  body,
  errors,
  IdParams,
  pageOf,
  PageQueryProperties,
  StaffNoteFields,
  StaffNoteForm,
  StaffReplyFields,
  StaffReplyForm,
  StaffSettableStatus,
  StaffTicket,
  StaffTicketDetail,
  tags,
  TicketContext,
  TicketPriority,
  TicketStatus,
  Viewer,
} from './support.schemas.js';
import type { StaffSettableStatus as Status } from '../../../support/index.js';

const multipart = { consumes: ['multipart/form-data'] };

/** The agents' side: the queue, a ticket with notes and context, replies, changes and merging. */
export function staffTicketRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const support = ctx.support;
    const maxFileBytes = ctx.config.supportMaxFileBytes;
    const staffOnly = requireStaff();

    app.get(
      '/admin/tickets',
      {
        schema: {
          tags,
          summary: 'The ticket queue, newest first, with filters and search',
          description:
            '`q` matches every word, case-insensitively, as a substring of the subject, the messages (notes included), ' +
            'the requester email, the organisation or the ticket id (a portable LIKE search on both databases). ' +
            '`assignee` is a staff user id or `none`.',
          querystring: Type.Object(
            {
              ...PageQueryProperties,
              status: Type.Optional(Type.Array(TicketStatus)),
              priority: Type.Optional(TicketPriority),
              departmentId: Type.Optional(Type.String({ maxLength: 100 })),
              assignee: Type.Optional(Type.String({ maxLength: 100 })),
              q: Type.Optional(Type.String({ maxLength: 200 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: pageOf(StaffTicket), ...errors },
        },
        preHandler: staffOnly,
      },
      async (request) => {
        const { q, ...query } = request.query;
        return support.staff.queue({ ...query, search: q });
      },
    );

    app.get(
      '/admin/tickets/:id',
      {
        schema: {
          tags,
          summary:
            'A ticket with its whole thread (internal notes included), SLA timers and who else is viewing it',
          params: IdParams,
          response: { 200: StaffTicketDetail, ...errors },
        },
        preHandler: staffOnly,
      },
      async (request) => support.staff.get(staffActor(request), request.params.id),
    );

    app.post(
      '/admin/tickets/:id/viewing',
      {
        schema: {
          tags,
          summary: 'Heartbeat while an agent has the ticket open; answers the other agents viewing it',
          params: IdParams,
          response: { 200: Type.Object({ otherViewers: Type.Array(Viewer) }), ...errors },
        },
        preHandler: staffOnly,
      },
      async (request) => ({
        otherViewers: await support.staff.viewing(staffActor(request), request.params.id),
      }),
    );

    app.get(
      '/admin/tickets/:id/context',
      {
        schema: {
          tags,
          summary:
            "The context panel: the customer's hosts, other tickets and (when billing provides them) invoices",
          params: IdParams,
          response: { 200: TicketContext, ...errors },
        },
        preHandler: staffOnly,
      },
      async (request) => support.staff.context(request.params.id),
    );

    app.post(
      '/admin/tickets/:id/replies',
      {
        schema: {
          tags,
          summary:
            'Answer the customer (multipart: `body`, optional `status`, any `files`); emails the customer',
          ...multipart,
          params: IdParams,
          body: StaffReplyForm,
          response: { 201: StaffTicketDetail, ...errors },
        },
        validatorCompiler: multipartValidatorCompiler,
        preHandler: staffOnly,
        config: { audit: { action: 'ticket.staff_reply', targetType: 'ticket', targetParam: 'id' } },
      },
      async (request, reply) => {
        const { fields, files } = await readForm<{ body: string; status?: Status }>(
          request,
          StaffReplyFields,
          maxFileBytes,
        );
        const detail = await support.staff.reply(
          staffActor(request),
          request.params.id,
          { ...fields, isInternal: false },
          files,
        );
        return reply.code(201).send(detail);
      },
    );

    app.post(
      '/admin/tickets/:id/notes',
      {
        schema: {
          tags,
          summary:
            'Add an internal note (multipart: `body`, any `files`): never shown or emailed to the customer',
          ...multipart,
          params: IdParams,
          body: StaffNoteForm,
          response: { 201: StaffTicketDetail, ...errors },
        },
        validatorCompiler: multipartValidatorCompiler,
        preHandler: staffOnly,
        config: { audit: { action: 'ticket.note', targetType: 'ticket', targetParam: 'id' } },
      },
      async (request, reply) => {
        const { fields, files } = await readForm<{ body: string }>(request, StaffNoteFields, maxFileBytes);
        const detail = await support.staff.reply(
          staffActor(request),
          request.params.id,
          { body: fields.body, isInternal: true },
          files,
        );
        return reply.code(201).send(detail);
      },
    );

    app.patch(
      '/admin/tickets/:id',
      {
        schema: {
          tags,
          summary: 'Change status, priority, department or assignee (null unassigns)',
          params: IdParams,
          body: body({
            status: Type.Optional(StaffSettableStatus),
            priority: Type.Optional(TicketPriority),
            departmentId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            assigneeId: Type.Optional(
              Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()]),
            ),
          }),
          response: { 200: StaffTicketDetail, ...errors },
        },
        preHandler: staffOnly,
        config: { audit: { action: 'ticket.update', targetType: 'ticket', targetParam: 'id' } },
      },
      async (request) => support.staff.update(staffActor(request), request.params.id, request.body),
    );

    app.post(
      '/admin/tickets/:id/merge',
      {
        schema: {
          tags,
          summary:
            "Merge this ticket into another of the same customer; its thread moves over and it ends as 'merged'",
          params: IdParams,
          body: body({ targetTicketId: Type.String({ minLength: 1, maxLength: 100 }) }),
          response: { 200: StaffTicketDetail, ...errors },
        },
        preHandler: staffOnly,
        config: { audit: { action: 'ticket.merge', targetType: 'ticket', targetParam: 'id' } },
      },
      async (request) =>
        support.staff.merge(staffActor(request), request.params.id, request.body.targetTicketId),
    );
  };
}
