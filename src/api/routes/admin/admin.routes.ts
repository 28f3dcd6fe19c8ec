import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../../../lib/errors.js';
import type { AuditEvent as AuditEventView, Page } from '../../../platform/index.js';
import type { ApiContext } from '../../context.js';
import { requireStaff, requireUser } from '../../plugins/auth.js';
import { errors, PageQuery } from '../../schemas.js';
import {
  AdvanceClock,
  AuditEvent,
  AuditQuery,
  Clock,
  ClockNow,
  Job,
  JobQuery,
  OutboxMessage,
  pageOf,
  tags,
} from './admin.schemas.js';
import { operationsRoutes } from './operations.routes.js';
import { serverInfoRoutes } from './server-info.routes.js';

/**
 * Operations views: the mail outbox, the audit log, the job queue and the clock. Staff see
 * everything; a customer reads only its own audit trail. Moving the clock needs a staff admin and
 * the simulated clock (IMHOST_CLOCK=simulated), and runs whatever jobs became due.
 */
export function adminRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { audit, jobs, mailer } = ctx.platform;

  // A customer sees that staff acted on its account, not which staff member or from where.
  const asSeenByCustomer = (event: AuditEventView): AuditEventView =>
    event.actorType === 'customer' ? event : { ...event, actorId: null, ip: null };

  /** Adds who acted, by email, where the actor is a user (staff or customer) that still exists. */
  const withActorEmails = async (page: Page<AuditEventView>) => {
    const userIds = page.items
      .filter(
        (event) => event.actorId !== null && (event.actorType === 'staff' || event.actorType === 'customer'),
      )
      .map((event) => event.actorId!);
    const emails = await ctx.accounts.findUserEmails(userIds);
    return {
      ...page,
      items: page.items.map((event) => ({
        ...event,
        actorEmail: event.actorId === null ? null : (emails.get(event.actorId) ?? null),
      })),
    };
  };

  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    await instance.register(serverInfoRoutes(ctx));
    await instance.register(operationsRoutes(ctx));

    app.get(
      '/admin/outbox',
      {
        schema: {
          tags,
          summary: 'Staff: mail the product sent or stored, newest first',
          querystring: PageQuery,
          response: { 200: pageOf(OutboxMessage), ...errors },
        },
        preHandler: requireStaff(),
      },
      async (request) => mailer.list(request.query),
    );

    app.get(
      '/admin/audit',
      {
        schema: {
          tags,
          summary: 'Staff: the audit log, newest first',
          querystring: AuditQuery,
          response: { 200: pageOf(AuditEvent), ...errors },
        },
        preHandler: requireStaff(),
      },
      async (request) => withActorEmails(await audit.list(request.query)),
    );

    app.get(
      '/audit',
      {
        schema: {
          tags,
          summary: 'The audit log of your own account, newest first (staff: every account)',
          querystring: PageQuery,
          response: { 200: pageOf(AuditEvent), ...errors },
        },
        preHandler: requireUser,
      },
      async (request) => {
        const auth = request.auth;
        if (!auth) throw new AppError('unauthenticated');
        if (auth.user.kind === 'staff') return withActorEmails(await audit.list(request.query));
        if (auth.customerId === null) throw new AppError('forbidden');
        const page = await audit.list({ ...request.query, customerId: auth.customerId });
        return withActorEmails({ ...page, items: page.items.map(asSeenByCustomer) });
      },
    );

    app.get(
      '/admin/jobs',
      {
        schema: {
          tags,
          summary: 'Staff: background jobs, newest first',
          querystring: JobQuery,
          response: { 200: pageOf(Job), ...errors },
        },
        preHandler: requireStaff(),
      },
      async (request) => jobs.list(request.query),
    );

    app.get(
      '/admin/clock',
      {
        schema: { tags, summary: 'Staff: the product clock', response: { 200: Clock, ...errors } },
        preHandler: requireStaff(),
      },
      async () => ({ now: ctx.clock.now().toISOString(), simulated: ctx.clock.isSimulated }),
    );

    app.post(
      '/admin/clock',
      {
        schema: {
          tags,
          summary: 'Staff admin: move the simulated clock forward, then run the jobs that became due',
          body: AdvanceClock,
          response: { 200: ClockNow, ...errors },
        },
        preHandler: requireStaff('admin'),
        config: { audit: { action: 'clock.advance', targetType: 'clock' } },
      },
      async (request) => {
        const now = (await ctx.platform.advanceClock(request.body.advanceSeconds * 1000)).toISOString();
        request.auditTarget = {
          type: 'clock',
          id: 'clock',
          details: { advanceSeconds: request.body.advanceSeconds, now },
        };
        await jobs.runDue();
        return { now };
      },
    );
  };
}
