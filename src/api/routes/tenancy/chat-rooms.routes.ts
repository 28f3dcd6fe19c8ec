import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { tenancyViews } from '../../../tenancy/index.js';
import type { ApiContext } from '../../context.js';
import { errors, NoContent } from '../../schemas.js';
import { actorOf, canManageMembers, canRead } from './tenancy-access.js';
import { ChatRoomParams, HostParams } from './tenancy.schemas.js';

const tags = ['chat rooms'];

/** The group chat rooms of one host (XEP-0045 at conference.<domain>). */
export function chatRoomsRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { tenancy } = ctx;
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/hosts/:id/rooms',
      {
        schema: {
          tags,
          summary: "List a host's group chat rooms, by name",
          description: 'Persistent rooms, and temporary ones while people are in them.',
          params: HostParams,
          response: { 200: Type.Object({ items: Type.Array(tenancyViews.ChatRoomView) }), ...errors },
        },
        preHandler: canRead,
      },
      async (request) => ({ items: await tenancy.chatRooms.list(actorOf(request), request.params.id) }),
    );

    app.delete(
      '/hosts/:id/rooms/:name',
      {
        schema: {
          tags,
          summary: 'Destroy a group chat room',
          description:
            'Everyone in the room is told it was destroyed and leaves it; its configuration, members and archive are deleted.',
          params: ChatRoomParams,
          response: { 204: NoContent, ...errors },
        },
        preHandler: canManageMembers,
        config: { audit: { action: 'chat_room.destroy', targetType: 'chat_room' } },
      },
      async (request, reply) => {
        const { id, name } = request.params;
        const { customerId, address } = await tenancy.chatRooms.destroy(actorOf(request), id, name);
        request.auditTarget = { type: 'chat_room', id: address, customerId, details: { hostId: id } };
        return reply.code(204).send(null);
      },
    );
  };
}
