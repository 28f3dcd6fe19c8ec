import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { ACCEPTED_UPLOAD_TYPES, MIN_DESCRIPTION_LENGTH, type NewTicket } from '../../../support/index.js';
import type { ApiContext } from '../../context.js';
import { requireCustomer, requireUser } from '../../plugins/auth.js';
import { customerActor } from './actors.js';
import { MAX_FILES_PER_MESSAGE, multipartValidatorCompiler, readForm } from './multipart-form.js';
import { sendAttachment } from './send-attachment.js';
import {
  AttachmentParams,
  body,
  CustomerReplyFields,
  CustomerReplyForm,
  Department,
  errors,
  FormSettings,
  IdParams,
  NewTicketFields,
  NewTicketForm,
  pageOf,
  PageQueryProperties,
  Subject,
  tags,
  Ticket,
  TicketDetail,
  TicketPriority,
  TicketStatus,
} from './support.schemas.js';

const multipart = { consumes: ['multipart/form-data'] };

/** The customer's side of the desk: open tickets, follow them, reply, close, reopen and rate. */
export function customerTicketRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const support = ctx.support;
    const maxFileBytes = ctx.config.supportMaxFileBytes;

    app.get(
      '/support/departments',
      {
        schema: {
          tags,
          summary: 'The departments a ticket can be filed under',
          response: { 200: Type.Object({ items: Type.Array(Department) }), ...errors },
        },
        preHandler: requireUser,
      },
      async () => ({ items: await support.departments.list({ activeOnly: true }) }),
    );

    app.get(
      '/support/form-settings',
      {
        schema: {
          tags,
          summary: 'What the ticket form must respect: description length, attachment limits and types',
          response: { 200: FormSettings, ...errors },
        },
        preHandler: requireUser,
      },
      async () => ({
        minDescriptionLength: MIN_DESCRIPTION_LENGTH,
        maxFileBytes,
        maxTicketBytes: ctx.config.supportMaxTicketBytes,
        maxFilesPerMessage: MAX_FILES_PER_MESSAGE,
        acceptedTypes: [...ACCEPTED_UPLOAD_TYPES],
      }),
    );

    app.post(
      '/tickets',
      {
        schema: {
          tags,
          summary: 'Open a ticket (multipart: the fields below plus any number of `files`)',
          description:
            'Account and email come from the session. Answers 400 `description_too_short` / `malformed_multipart` ' +
            '(a form without a boundary, cut short or with an unreadable part), 404 `host_not_found` / ' +
            '`department_not_found`, 413 `attachment_too_large` / `ticket_attachments_too_large`, 415 ' +
            '`attachment_type_not_allowed`, 429 `open_ticket_limit` / `ticket_rate_limited`.',
          ...multipart,
          body: NewTicketForm,
          response: { 201: TicketDetail, ...errors },
        },
        validatorCompiler: multipartValidatorCompiler,
        preHandler: requireCustomer(),
        config: { audit: { action: 'ticket.create' } },
      },
      async (request, reply) => {
        const { fields, files } = await readForm<NewTicket>(request, NewTicketFields, maxFileBytes);
        const actor = customerActor(request);
        const detail = await support.customer.create(actor, fields, files);
        request.auditTarget = { type: 'ticket', id: detail.ticket.id };
        await ctx.incidents.linkTicket({
          ticketId: detail.ticket.id,
          customerId: actor.customerId,
          subject: detail.ticket.subject,
          hostId: detail.ticket.hostId,
        });
        return reply.code(201).send(detail);
      },
    );

    app.get(
      '/tickets',
      {
        schema: {
          tags,
          summary: "The customer's tickets, newest first",
          querystring: Type.Object(
            { ...PageQueryProperties, status: Type.Optional(Type.Array(TicketStatus)) },
            { additionalProperties: false },
          ),
          response: { 200: pageOf(Ticket), ...errors },
        },
        preHandler: requireCustomer(),
      },
      async (request) => support.customer.list(customerActor(request).customerId, request.query),
    );

    app.get(
      '/tickets/:id',
      {
        schema: {
          tags,
          summary: 'A ticket with its public thread',
          params: IdParams,
          response: { 200: TicketDetail, ...errors },
        },
        preHandler: requireCustomer(),
      },
      async (request) => support.customer.get(customerActor(request).customerId, request.params.id),
    );

    app.post(
      '/tickets/:id/replies',
      {
        schema: {
          tags,
          summary:
            'Reply to a ticket (multipart: `body`, optional `logText`, any `files`); reopens a resolved ticket',
          ...multipart,
          params: IdParams,
          body: CustomerReplyForm,
          response: { 201: TicketDetail, ...errors },
        },
        validatorCompiler: multipartValidatorCompiler,
        preHandler: requireCustomer(),
        config: { audit: { action: 'ticket.reply', targetType: 'ticket', targetParam: 'id' } },
      },
      async (request, reply) => {
        const { fields, files } = await readForm<{ body: string; logText?: string }>(
          request,
          CustomerReplyFields,
          maxFileBytes,
        );
        return reply
          .code(201)
          .send(await support.customer.reply(customerActor(request), request.params.id, fields, files));
      },
    );

    for (const action of ['close', 'reopen'] as const) {
      app.post(
        `/tickets/:id/${action}`,
        {
          schema: {
            tags,
            summary: action === 'close' ? 'Close a ticket' : 'Reopen a resolved or closed ticket',
            params: IdParams,
            response: { 200: TicketDetail, ...errors },
          },
          preHandler: requireCustomer(),
          config: { audit: { action: `ticket.${action}`, targetType: 'ticket', targetParam: 'id' } },
        },
        async (request) => support.customer[action](customerActor(request), request.params.id),
      );
    }

    app.post(
      '/tickets/:id/rating',
      {
        schema: {
          tags,
          summary: 'Rate a resolved ticket from 1 to 5, once',
          params: IdParams,
          body: body({
            score: Type.Integer({ minimum: 1, maximum: 5 }),
            comment: Type.Optional(Type.String({ maxLength: 2000 })),
          }),
          response: { 200: TicketDetail, ...errors },
        },
        preHandler: requireCustomer(),
        config: { audit: { action: 'ticket.rate', targetType: 'ticket', targetParam: 'id' } },
      },
      async (request) => support.customer.rate(customerActor(request), request.params.id, request.body),
    );

    app.post(
      '/invoices/:id/question',
      {
        schema: {
          tags,
          summary: 'Ask a billing question about an invoice: opens a Billing ticket linked to it',
          params: IdParams,
          body: body({
            subject: Type.Optional(Subject),
            description: Type.String({ minLength: 1, maxLength: 50_000 }),
            priority: Type.Optional(TicketPriority),
          }),
          response: { 201: TicketDetail, ...errors },
        },
        preHandler: requireCustomer(),
        config: { audit: { action: 'ticket.create' } },
      },
      async (request, reply) => {
        const detail = await support.customer.askBillingQuestion(
          customerActor(request),
          request.params.id,
          request.body,
        );
        request.auditTarget = { type: 'ticket', id: detail.ticket.id };
        return reply.code(201).send(detail);
      },
    );

    app.get(
      '/tickets/:id/attachments/:attachmentId',
      {
        schema: {
          tags,
          summary:
            "An attachment's bytes (the ticket's customer or staff only); `?thumbnail=true` for an image's thumbnail",
          description:
            'Images are served inline, anything else as a download, always with a sandboxing CSP and nosniff.',
          params: AttachmentParams,
          querystring: Type.Object(
            { thumbnail: Type.Optional(Type.Boolean()) },
            { additionalProperties: false },
          ),
          produces: ['application/octet-stream'],
          response: {
            200: Type.Unsafe<Buffer>({
              type: 'string',
              format: 'binary',
              description: "The attachment's bytes.",
            }),
            ...errors,
          },
        },
        preHandler: requireUser,
      },
      async (request, reply) => {
        const { id, attachmentId } = request.params;
        const thumbnail = request.query.thumbnail === true;
        const auth = request.auth;
        const file =
          auth?.user.kind === 'staff'
            ? await support.staff.attachment(id, attachmentId, thumbnail)
            : await support.customer.attachment(
                customerActor(request).customerId,
                id,
                attachmentId,
                thumbnail,
              );
        return sendAttachment(reply, file);
      },
    );
  };
}
