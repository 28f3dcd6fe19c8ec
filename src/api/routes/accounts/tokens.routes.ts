import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { ApiContext } from '../../context.js';
import { requireUser } from '../../plugins/auth.js';
import {
  ApiToken,
  body,
  CreatedApiToken,
  DisplayName,
  errors,
  NoContent,
  PageQuery,
  pageOf,
  Text,
} from './accounts.schemas.js';

const tags = ['accounts'];

/** Personal API tokens: each belongs to one user and acts as that user. */
export function tokensRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/tokens',
      {
        schema: {
          tags,
          summary: 'Create a personal API token (the token is shown only in this response)',
          body: body({ name: DisplayName }),
          response: {
            201: CreatedApiToken,
            ...errors,
          },
        },
        preHandler: requireUser,
        config: { audit: { action: 'api_token.create' } },
      },
      async (request, reply) => {
        const created = await ctx.accounts.createApiToken(request.auth!.user.id, request.body.name);
        request.auditTarget = { type: 'api_token', id: created.id, details: { name: created.name } };
        return reply.code(201).send(created);
      },
    );

    app.get(
      '/tokens',
      {
        schema: {
          tags,
          summary: 'List my active API tokens, newest first',
          querystring: PageQuery,
          response: { 200: pageOf(ApiToken), ...errors },
        },
        preHandler: requireUser,
      },
      async (request) => ctx.accounts.listApiTokens(request.auth!.user.id, request.query),
    );

    app.delete(
      '/tokens/:id',
      {
        schema: {
          tags,
          summary: 'Revoke one of my API tokens',
          params: Type.Object({ id: Text({ maxLength: 100 }) }),
          response: { 204: NoContent, ...errors },
        },
        preHandler: requireUser,
        config: { audit: { action: 'api_token.revoke', targetType: 'api_token', targetParam: 'id' } },
      },
      async (request, reply) => {
        await ctx.accounts.revokeApiToken(request.auth!.user.id, request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
