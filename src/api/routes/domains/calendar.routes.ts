import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../lib/errors.js';
import type { ApiContext } from '../../context.js';
import { requireCustomer } from '../../plugins/auth.js';
import { errors } from '../../schemas.js';
import { tags } from './domain.schemas.js';

const CalendarFile = Type.Object(
  { file: Type.String({ pattern: '^[A-Za-z0-9_-]{16,64}\\.ics$', description: '`<secret>.ics`' }) },
  { additionalProperties: false },
);

/**
 * The customer's domain deadlines as an iCalendar feed. Calendar apps send no cookie, so the feed
 * is reached by a secret URL that the customer makes (and remakes, which ends the old one).
 */
export function calendarRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { domainRegistration, config } = ctx;
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/domains/calendar',
      {
        schema: {
          tags,
          summary: 'A new secret URL of the iCalendar feed of your domain deadlines',
          description: 'The previous URL stops working. The URL is shown once.',
          response: { 201: Type.Object({ url: Type.String() }), ...errors },
        },
        preHandler: requireCustomer(),
        config: { audit: { action: 'domain.calendar.create', targetType: 'calendar' } },
      },
      async (request, reply) => {
        const token = await domainRegistration.createCalendarToken(request.auth!.customerId!);
        return reply.code(201).send({ url: `${config.publicUrl}/api/v1/calendar/${token}.ics` });
      },
    );

    app.get(
      '/calendar/:file',
      {
        schema: {
          tags,
          summary: 'The iCalendar feed (RFC 5545) of a customer’s domain deadlines, by its secret URL',
          params: CalendarFile,
          response: { 200: Type.String({ description: 'text/calendar' }), ...errors },
        },
      },
      async (request, reply) => {
        const calendar = await domainRegistration.calendar(request.params.file.replace(/\.ics$/, ''));
        if (calendar === null) throw new AppError('calendar_not_found');
        return reply
          .type('text/calendar; charset=utf-8')
          .header('cache-control', 'private, max-age=900')
          .send(calendar);
      },
    );
  };
}
