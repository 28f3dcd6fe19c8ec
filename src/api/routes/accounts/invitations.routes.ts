import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { ApiContext } from '../../context.js';
import { setSessionCookies } from '../../plugins/auth.js';
import {
  body,
  Customer,
  DisplayName,
  errors,
  InvitationPreview,
  OneTimeToken,
  Password,
  User,
} from './accounts.schemas.js';
import { clientOf } from './sign-in.routes.js';

const tags = ['team'];

/**
 * The invitee's side: the emailed link opens a dashboard page that looks the invitation up and
 * accepts it. The token is the proof, so these work without a session (and send it in the body,
 * not the URL, to keep it out of access logs).
 */
export function invitationsRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/invitations/lookup',
      {
        schema: {
          tags,
          summary: 'What an invitation link is for: the organisation, the address, the role',
          security: [],
          body: body({ token: OneTimeToken }),
          response: {
            200: InvitationPreview,
            ...errors,
          },
        },
      },
      async (request) => ctx.accounts.describeInvitation(request.body.token),
    );

    app.post(
      '/invitations/accept',
      {
        schema: {
          tags,
          summary: 'Accept an invitation and sign in (a new address also sends a name and a password)',
          security: [],
          body: body({
            token: OneTimeToken,
            name: Type.Optional(DisplayName),
            password: Type.Optional(Password),
          }),
          response: { 200: Type.Object({ user: User, customer: Customer }), ...errors },
        },
        config: { audit: { action: 'team.accept_invitation' } },
      },
      async (request, reply) => {
        const { user, customer, session } = await ctx.accounts.acceptInvitation(
          request.body,
          clientOf(request),
        );
        request.auditTarget = {
          type: 'user',
          id: user.id,
          customerId: customer.id,
          details: { email: user.email, role: customer.role },
        };
        setSessionCookies(reply, ctx, session);
        return { user, customer };
      },
    );
  };
}
