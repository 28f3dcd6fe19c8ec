import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TeamActor } from '../../../accounts/index.js';
import { AppError } from '../../../lib/errors.js';
import type { ApiContext } from '../../context.js';
import { requireCustomer } from '../../plugins/auth.js';
import {
  body,
  CustomerRole,
  Email,
  errors,
  InvitableRole,
  Invitation,
  NoContent,
  PageQuery,
  pageOf,
  TeamMember,
  Text,
} from './accounts.schemas.js';

const tags = ['team'];

const UserIdParams = Type.Object({ userId: Text({ maxLength: 100 }) });
const IdParams = Type.Object({ id: Text({ maxLength: 100 }) });

/** Reading the team is open to every role; owners and admins change it (owner rules in the service). */
const canReadTeam = requireCustomer();
const canManageTeam = requireCustomer('admin');

function teamActor(request: FastifyRequest): TeamActor {
  const auth = request.auth;
  if (!auth?.customerId || !auth.customerRole) throw new AppError('forbidden');
  return { userId: auth.user.id, customerId: auth.customerId, role: auth.customerRole };
}

/** The customer's team: its users with their roles, and invitations to join it. */
export function teamRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/team/members',
      {
        schema: {
          tags,
          summary: "My organisation's users and their roles, newest first",
          querystring: PageQuery,
          response: { 200: pageOf(TeamMember), ...errors },
        },
        preHandler: canReadTeam,
      },
      async (request) => ctx.accounts.listTeam(teamActor(request).customerId, request.query),
    );

    app.patch(
      '/team/members/:userId',
      {
        schema: {
          tags,
          summary: "Change a team member's role (only owners grant or take away owner; the last owner stays)",
          params: UserIdParams,
          body: body({ role: CustomerRole }),
          response: { 200: TeamMember, ...errors },
        },
        preHandler: canManageTeam,
        config: { audit: { action: 'team.change_role', targetType: 'user', targetParam: 'userId' } },
      },
      async (request) => {
        const member = await ctx.accounts.changeTeamRole(
          teamActor(request),
          request.params.userId,
          request.body.role,
        );
        request.auditTarget = {
          type: 'user',
          id: member.userId,
          details: { email: member.email, role: member.role },
        };
        return member;
      },
    );

    app.delete(
      '/team/members/:userId',
      {
        schema: {
          tags,
          summary: 'Remove a user from the team and end their sessions (the last owner stays)',
          params: UserIdParams,
          response: { 204: NoContent, ...errors },
        },
        preHandler: canManageTeam,
        config: { audit: { action: 'team.remove', targetType: 'user', targetParam: 'userId' } },
      },
      async (request, reply) => {
        const removed = await ctx.accounts.removeTeamMember(teamActor(request), request.params.userId);
        request.auditTarget = { type: 'user', id: removed.userId, details: { email: removed.email } };
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/team/invitations',
      {
        schema: {
          tags,
          summary: 'Pending invitations to my organisation, newest first',
          querystring: PageQuery,
          response: { 200: pageOf(Invitation), ...errors },
        },
        preHandler: canReadTeam,
      },
      async (request) => ctx.accounts.listInvitations(teamActor(request).customerId, request.query),
    );

    app.post(
      '/team/invitations',
      {
        schema: {
          tags,
          summary: 'Invite someone by email as an admin or billing contact (the link expires in 7 days)',
          body: body({ email: Email, role: InvitableRole }),
          response: { 201: Invitation, ...errors },
        },
        preHandler: canManageTeam,
        config: { audit: { action: 'team.invite', targetType: 'invitation' } },
      },
      async (request, reply) => {
        const invitation = await ctx.accounts.inviteTeamMember(teamActor(request), request.body);
        request.auditTarget = {
          type: 'invitation',
          id: invitation.id,
          details: { email: invitation.email, role: invitation.role },
        };
        return reply.code(201).send(invitation);
      },
    );

    app.delete(
      '/team/invitations/:id',
      {
        schema: {
          tags,
          summary: 'Revoke a pending invitation; its link stops working',
          params: IdParams,
          response: { 204: NoContent, ...errors },
        },
        preHandler: canManageTeam,
        config: { audit: { action: 'team.revoke_invitation', targetType: 'invitation', targetParam: 'id' } },
      },
      async (request, reply) => {
        await ctx.accounts.revokeInvitation(teamActor(request), request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
