import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { ApiContext } from '../../context.js';
import { requireUser } from '../../plugins/auth.js';
import { errors, NoContent, Session, Text } from './accounts.schemas.js';

const tags = ['accounts'];

/** Where I am signed in, and signing out elsewhere. */
export function sessionsRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/me/sessions',
      {
        schema: {
          tags,
          summary: 'My active dashboard sessions, most recently used first',
          response: { 200: Type.Object({ items: Type.Array(Session) }), ...errors },
        },
        preHandler: requireUser,
      },
      async (request) => {
        const auth = request.auth!;
        return { items: await ctx.accounts.listSessions(auth.user.id, auth.sessionId) };
      },
    );

    app.delete(
      '/me/sessions/:id',
      {
        schema: {
          tags,
          summary: 'Sign out one of my sessions (for example on a lost device)',
          params: Type.Object({ id: Text({ maxLength: 100 }) }),
          response: { 204: NoContent, ...errors },
        },
        preHandler: requireUser,
        config: { audit: { action: 'user.end_session', targetType: 'session', targetParam: 'id' } },
      },
      async (request, reply) => {
        await ctx.accounts.endSession(request.auth!.user.id, request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
