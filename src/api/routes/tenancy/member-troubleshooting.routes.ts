import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { DEFAULT_RESET_LINK_HOURS, MAX_RESET_LINK_HOURS, tenancyViews } from '../../../tenancy/index.js';
import type { ApiContext } from '../../context.js';
import { body, errors, Password, Text } from '../../schemas.js';
import { actorOf, canManageMembers, canRead } from './tenancy-access.js';
import { MemberParams } from './tenancy.schemas.js';

const tags = ['members'];
const ResetToken = Text({ minLength: 1, maxLength: 200 });

/**
 * "Why can't Anna sign in?": one member's chat sessions, ending them all, and a single-use link
 * the customer hands the member to choose a password. The member's page redeems the link without
 * signing in: the token is the credential (so those two routes are CSRF-exempt).
 */
export function memberTroubleshootingRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { tenancy } = ctx;
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/hosts/:id/members/:username/sessions',
      {
        schema: {
          tags,
          summary: "The member's connected chat sessions, oldest first",
          description: 'Answers 503 `member_sessions_unavailable` where no IM server runs in this process.',
          params: MemberParams,
          response: { 200: Type.Object({ items: Type.Array(tenancyViews.MemberSessionView) }), ...errors },
        },
        preHandler: canRead,
      },
      async (request) => {
        const { id, username } = request.params;
        return { items: await tenancy.members.sessions(actorOf(request), id, username) };
      },
    );

    app.delete(
      '/hosts/:id/members/:username/sessions',
      {
        schema: {
          tags,
          summary: 'Sign the member out everywhere: close every chat session it has',
          description:
            'Each stream ends with a `policy-violation` stream error saying why. Chat apps that keep the ' +
            'password sign in again; set a new password too to keep someone out.',
          params: MemberParams,
          response: {
            200: Type.Object({ ended: Type.Integer({ minimum: 0, description: 'Sessions closed.' }) }),
            ...errors,
          },
        },
        preHandler: canManageMembers,
        config: { audit: { action: 'member.sign_out_everywhere', targetType: 'member' } },
      },
      async (request) => {
        const { id, username } = request.params;
        const { member, customerId, ended } = await tenancy.members.signOutEverywhere(
          actorOf(request),
          id,
          username,
        );
        request.auditTarget = {
          type: 'member',
          id: member.id,
          customerId,
          details: { hostId: id, username: member.username, ended },
        };
        return { ended };
      },
    );

    app.post(
      '/hosts/:id/members/:username/reset-links',
      {
        schema: {
          tags,
          summary: 'Make a single-use link for the member to choose a new password',
          description:
            'The link is shown once, to copy and send to the member (it is not emailed). It works once, ' +
            'until `expiresAt`; a newer link replaces an unused older one.',
          params: MemberParams,
          body: Type.Object(
            {
              validHours: Type.Optional(
                Type.Integer({
                  minimum: 1,
                  maximum: MAX_RESET_LINK_HOURS,
                  default: DEFAULT_RESET_LINK_HOURS,
                }),
              ),
            },
            { additionalProperties: false },
          ),
          response: {
            201: Type.Object({ url: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }),
            ...errors,
          },
        },
        preHandler: canManageMembers,
        config: { audit: { action: 'member.reset_link.create', targetType: 'member' } },
      },
      async (request, reply) => {
        const { id, username } = request.params;
        const { member, customerId, link } = await tenancy.members.createResetLink(
          actorOf(request),
          id,
          username,
          request.body.validHours,
        );
        request.auditTarget = {
          type: 'member',
          id: member.id,
          customerId,
          details: { hostId: id, username: member.username, expiresAt: link.expiresAt },
        };
        return reply.code(201).send(link);
      },
    );

    app.post(
      '/member-password-reset/lookup',
      {
        schema: {
          tags,
          summary: 'The chat address a member password link is for',
          description: 'Answers 410 `member_reset_link_invalid` for an unknown, used or expired link.',
          security: [],
          body: body({ token: ResetToken }),
          response: { 200: Type.Object({ jid: Type.String() }), ...errors },
        },
      },
      async (request) => tenancy.members.describeResetLink(request.body.token),
    );

    app.post(
      '/member-password-reset/confirm',
      {
        schema: {
          tags,
          summary: "Set the member's new password with the link's token; the link is then spent",
          security: [],
          body: body({ token: ResetToken, password: Password }),
          response: { 200: Type.Object({ jid: Type.String() }), ...errors },
        },
        config: { audit: { action: 'member.reset_link.redeem', targetType: 'member' } },
      },
      async (request) => {
        const redeemed = await tenancy.members.redeemResetLink(request.body.token, request.body.password);
        request.auditTarget = {
          type: 'member',
          id: redeemed.memberId,
          customerId: redeemed.customerId,
          details: { hostId: redeemed.hostId, jid: redeemed.jid },
        };
        return { jid: redeemed.jid };
      },
    );
  };
}
