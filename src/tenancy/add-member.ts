import { AppError } from '../lib/errors.js';
import { isUniqueViolation } from '../platform/index.js';
import { normalizeDisplayName } from './display-name.js';
import { loadWritableHost } from './host-access.js';
import type { Actor } from './host-status-policy.js';
import { newMemberCredentials } from './member-credentials.js';
import { countMembers, lockEntitlements } from './entitlements.repository.js';
import { insertMember, toCredentialColumns, type MemberRow } from './members.repository.js';
import { nowIso, type TenancyDeps, type TenancyTx } from './tenancy-deps.js';
import { normalizeUsername } from '../lib/username.js';
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
    await deps.db.transaction().execute(async (tx) => {
      await assertRoomForMember(tx, host.id);
      await insertMember(tx, row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('member_exists', { details: { username } });
    throw error;
  }
  deps.events.emit('member.created', { hostId: host.id, domain: host.domain, username });
  return { member: toMemberView(row, host.domain), customerId: host.customer_id };
}

/** A host with no plan has no limit; one on a plan may hold at most maxMembers members. */
async function assertRoomForMember(tx: TenancyTx, hostId: string): Promise<void> {
  const entitlements = await lockEntitlements(tx, hostId);
  if (!entitlements) return;
  if ((await countMembers(tx, hostId)) >= entitlements.max_members)
    throw new AppError('member_limit_reached', { details: { maxMembers: entitlements.max_members } });
}
