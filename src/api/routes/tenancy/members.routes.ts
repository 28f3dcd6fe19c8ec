import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { MemberWrite } from '../../../tenancy/index.js';
import type { ApiContext } from '../../context.js';
import { body, errors, NoContent, Password } from '../../schemas.js';
import { actorOf, canManageMembers, canRead } from './tenancy-access.js';
import {
  HostParams,
  Member,
  MemberDisplayName,
  MemberParams,
  MemberStatus,
  pageOf,
  PageQuery,
  Username,
} from './tenancy.schemas.js';

const tags = ['members'];

/** Member writes are shown in the audit log of the host's customer, whoever made them. */
function auditMember(request: FastifyRequest, hostId: string, { member, customerId }: MemberWrite) {
  request.auditTarget = {
    type: 'member',
    id: member.id,
    customerId,
    details: { hostId, username: member.username },
  };
}

/** The XMPP accounts of one host. Every route first finds the host in the caller's scope. */
export function membersRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { tenancy } = ctx;
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/hosts/:id/members',
      {
        schema: {
          tags,
          summary: "List a host's members, newest first",
          params: HostParams,
          querystring: PageQuery,
          response: { 200: pageOf(Member), ...errors },
        },
        preHandler: canRead,
      },
      async (request) => tenancy.members.list(actorOf(request), request.params.id, request.query),
    );

    app.post(
      '/hosts/:id/members',
      {
        schema: {
          tags,
          summary: 'Add a member (an XMPP account) to a host',
          params: HostParams,
          body: body({
            username: Username,
            password: Password,
            displayName: Type.Optional(MemberDisplayName),
          }),
          response: { 201: Member, ...errors },
        },
        preHandler: canManageMembers,
        config: { audit: { action: 'member.create', targetType: 'member' } },
      },
      async (request, reply) => {
        const write = await tenancy.members.add(actorOf(request), request.params.id, request.body);
        auditMember(request, request.params.id, write);
        return reply.code(201).send(write.member);
      },
    );

    app.patch(
      '/hosts/:id/members/:username',
      {
        schema: {
          tags,
          summary: "Change a member's display name, or disable or re-enable the member",
          description: 'Disabling a member ends its XMPP sessions at once.',
          params: MemberParams,
          body: Type.Object(
            {
              displayName: Type.Optional(MemberDisplayName),
              status: Type.Optional(MemberStatus),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: { 200: Member, ...errors },
        },
        preHandler: canManageMembers,
        config: { audit: { action: 'member.update', targetType: 'member' } },
      },
      async (request) => {
        const { id, username } = request.params;
        const write = await tenancy.members.update(actorOf(request), id, username, request.body);
        auditMember(request, id, write);
        return write.member;
      },
    );

    app.delete(
      '/hosts/:id/members/:username',
      {
        schema: {
          tags,
          summary: 'Delete a member',
          params: MemberParams,
          response: { 204: NoContent, ...errors },
        },
        preHandler: canManageMembers,
        config: { audit: { action: 'member.delete', targetType: 'member' } },
      },
      async (request, reply) => {
        const { id, username } = request.params;
        auditMember(request, id, await tenancy.members.remove(actorOf(request), id, username));
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/hosts/:id/members/:username/password',
      {
        schema: {
          tags,
          summary: "Set a member's password",
          params: MemberParams,
          body: body({ password: Password }),
          response: { 204: NoContent, ...errors },
        },
        preHandler: canManageMembers,
        config: { audit: { action: 'member.password', targetType: 'member' } },
      },
      async (request, reply) => {
        const { id, username } = request.params;
        const write = await tenancy.members.setPassword(
          actorOf(request),
          id,
          username,
          request.body.password,
        );
        auditMember(request, id, write);
        return reply.code(204).send(null);
      },
    );
  };
}
