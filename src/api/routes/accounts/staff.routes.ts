import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { ApiContext } from '../../context.js';
import { requireStaff } from '../../plugins/auth.js';
import { CustomerSummary, errors, PageQuery, pageOf, User } from './accounts.schemas.js';

const tags = ['accounts'];

/** Staff views of the accounts side: every customer, every staff user. */
export function staffRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/admin/customers',
      {
        schema: {
          tags,
          summary: 'Staff: every customer, newest first',
          querystring: PageQuery,
          response: { 200: pageOf(CustomerSummary), ...errors },
        },
        preHandler: requireStaff(),
      },
      async (request) => ctx.accounts.listCustomers(request.query),
    );

    app.get(
      '/admin/staff',
      {
        schema: {
          tags,
          summary: 'Staff: every staff user, newest first',
          querystring: PageQuery,
          response: { 200: pageOf(User), ...errors },
        },
        preHandler: requireStaff(),
      },
      async (request) => ctx.accounts.listStaff(request.query),
    );
  };
}
