/**
 * One member's connected chat sessions, for the troubleshooting panel: listed, and ended all at
 * once ("sign out everywhere"). Only the IM server knows them, so tenancy reaches it through this
 * port after finding host and member in the caller's scope: another customer's member is missing.
 */
import { AppError } from '../lib/errors.js';
import { loadHost } from './host-access.js';
import type { Actor } from './host-status-policy.js';
import { loadMember } from './member-access.js';
import type { TenancyDeps } from './tenancy-deps.js';
import { toMemberView, type MemberSessionView, type MemberView, type MemberWrite } from './views.js';

/** The IM server's side; null where none runs in this process (the CLI). */
export interface MemberSessionsPort {
  list(domain: string, username: string): MemberSessionView[] | null;
  /** How many sessions were closed; null without an IM server. */
  signOut(domain: string, username: string): number | null;
}

async function memberOf(deps: Pick<TenancyDeps, 'db'>, actor: Actor, hostId: string, username: string) {
  const host = await loadHost(deps, actor, hostId);
  const member = await loadMember(deps, host.id, username);
  return { host, member };
}

/** One member of a host the actor may read, as the members list shows it. */
export async function getMember(
  deps: Pick<TenancyDeps, 'db'>,
  actor: Actor,
  hostId: string,
  username: string,
): Promise<MemberView> {
  const { host, member } = await memberOf(deps, actor, hostId, username);
  return toMemberView(member, host.domain);
}

export async function listMemberSessions(
  deps: Pick<TenancyDeps, 'db'>,
  port: MemberSessionsPort | undefined,
  actor: Actor,
  hostId: string,
  username: string,
): Promise<MemberSessionView[]> {
  const { host, member } = await memberOf(deps, actor, hostId, username);
  const sessions = port ? port.list(host.domain, member.username) : null;
  if (sessions === null) throw new AppError('member_sessions_unavailable');
  return sessions;
}

export async function signOutMember(
  deps: Pick<TenancyDeps, 'db'>,
  port: MemberSessionsPort | undefined,
  actor: Actor,
  hostId: string,
  username: string,
): Promise<MemberWrite & { ended: number }> {
  const { host, member } = await memberOf(deps, actor, hostId, username);
  const ended = port ? port.signOut(host.domain, member.username) : null;
  if (ended === null) throw new AppError('member_sessions_unavailable');
  return { member: toMemberView(member, host.domain), customerId: host.customer_id, ended };
}
