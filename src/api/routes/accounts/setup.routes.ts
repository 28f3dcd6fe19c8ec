import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { ApiContext } from '../../context.js';
import { setSessionCookies } from '../../plugins/auth.js';
import { body, DisplayName, Email, errors, OneTimeToken, Password, User } from './accounts.schemas.js';
import { clientOf } from './sign-in.routes.js';

const tags = ['accounts'];

/** First run: the operator opens the printed one-time link and creates the first staff admin. */
export function setupRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/setup',
      {
        schema: {
          tags,
          summary: 'Whether the first staff administrator still has to be created',
          security: [],
          response: { 200: Type.Object({ needed: Type.Boolean() }), ...errors },
        },
      },
      async () => ({ needed: !(await ctx.accounts.hasStaff()) }),
    );

    app.post(
      '/setup',
      {
        schema: {
          tags,
          summary: 'Create the first staff administrator with the one-time setup token, and sign in',
          security: [],
          body: body({ token: OneTimeToken, email: Email, password: Password, name: DisplayName }),
          response: { 201: Type.Object({ user: User }), ...errors },
        },
        config: { audit: { action: 'staff.setup' } },
      },
      async (request, reply) => {
        const { user, session } = await ctx.accounts.completeSetup(request.body, clientOf(request));
        request.auditTarget = { type: 'user', id: user.id };
        setSessionCookies(reply, ctx, session);
        return reply.code(201).send({ user });
      },
    );
  };
}
