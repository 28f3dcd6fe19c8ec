import { AppError } from '../lib/errors.js';
import { isUniqueViolation } from '../platform/index.js';
import { normalizeDisplayName } from './display-name.js';
import { loadWritableHost } from './host-access.js';
import type { Actor } from './host-status-policy.js';
import { newMemberCredentials } from './member-credentials.js';
import { countMembers } from './entitlements.repository.js';
import { insertMember, toCredentialColumns, type MemberRow } from './members.repository.js';
import { nowIso, type TenancyDeps } from './tenancy-deps.js';
import { loadEntitlements } from './set-entitlements.js';
import { normalizeUsername } from './username.js';
import { toMemberView, type MemberWrite } from './views.js';

export interface NewMember {
  username: string;
  password: string;
  displayName?: string | null | undefined;
}

export async function addMember(
  deps: TenancyDeps,
  actor: Actor,
  hostId: string,
  input: NewMember,
): Promise<MemberWrite> {
  const host = await loadWritableHost(deps, actor, hostId);
  await assertRoomForMember(deps, host.id);
  const username = normalizeUsername(input.username);
  const displayName = normalizeDisplayName(input.displayName);
  const credentials = newMemberCredentials(input.password);
  const now = nowIso(deps);
  const row: MemberRow = {
    id: deps.newId('mem'),
    host_id: host.id,
    username,
    display_name: displayName,
    status: 'active',
    ...toCredentialColumns(credentials),
    created_at: now,
    updated_at: now,
    last_login_at: null,
    last_activity_at: null,
  };
  try {
    await insertMember(deps.db, row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('member_exists', { details: { username } });
    throw error;
  }
  deps.events.emit('member.created', { hostId: host.id, domain: host.domain, username });
  return { member: toMemberView(row, host.domain), customerId: host.customer_id };
}

/** A host with no plan has no limit; one on a plan may hold at most maxMembers members. */
async function assertRoomForMember(deps: TenancyDeps, hostId: string): Promise<void> {
  const entitlements = await loadEntitlements(deps, hostId);
  if (!entitlements) return;
  const count = await countMembers(deps.db, hostId);
  if (count >= entitlements.maxMembers)
    throw new AppError('member_limit_reached', { details: { maxMembers: entitlements.maxMembers } });
}
