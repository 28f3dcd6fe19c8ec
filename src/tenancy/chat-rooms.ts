/**
 * A host's group chat rooms, as the dashboard lists and destroys them. Only the IM server knows
 * them (they live in its muc module), so tenancy reaches it through this port, after finding the
 * host in the caller's scope: another customer's host is missing, and so are its rooms.
 */
import { AppError } from '../lib/errors.js';
import { loadHost } from './host-access.js';
import type { Actor } from './host-status-policy.js';
import type { TenancyDeps } from './tenancy-deps.js';
import type { ChatRoomView } from './views.js';

/** The host as the IM server knows it. */
export interface ChatRoomHost {
  id: string;
  domain: string;
  status: 'active' | 'suspended' | 'terminated';
  statusReason: string | null;
  customerId: string;
}

/** The IM server's side; null where none runs in this process (the CLI). */
export interface ChatRoomsPort {
  list(host: ChatRoomHost): Promise<ChatRoomView[] | null>;
  /** False when the host has no such room; null without an IM server. */
  destroy(host: ChatRoomHost, name: string, reason: string): Promise<boolean | null>;
}

async function hostOf(deps: Pick<TenancyDeps, 'db'>, actor: Actor, hostId: string): Promise<ChatRoomHost> {
  const row = await loadHost(deps, actor, hostId);
  return {
    id: row.id,
    domain: row.domain,
    status: row.status,
    statusReason: row.status_reason,
    customerId: row.customer_id,
  };
}

export async function listChatRooms(
  deps: Pick<TenancyDeps, 'db'>,
  port: ChatRoomsPort | undefined,
  actor: Actor,
  hostId: string,
): Promise<ChatRoomView[]> {
  const host = await hostOf(deps, actor, hostId);
  const rooms = port ? await port.list(host) : null;
  if (rooms === null) throw new AppError('chat_rooms_unavailable');
  return rooms;
}

export async function destroyChatRoom(
  deps: Pick<TenancyDeps, 'db'>,
  port: ChatRoomsPort | undefined,
  actor: Actor,
  hostId: string,
  name: string,
): Promise<{ customerId: string; address: string }> {
  const host = await hostOf(deps, actor, hostId);
  const destroyed = port ? await port.destroy(host, name, 'The room was closed from the dashboard.') : null;
  if (destroyed === null) throw new AppError('chat_rooms_unavailable');
  if (!destroyed) throw new AppError('chat_room_not_found');
  return { customerId: host.customerId, address: `${name}@conference.${host.domain}` };
}
