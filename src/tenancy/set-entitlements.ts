import { AppError } from '../lib/errors.js';
import { clearEntitlements, findEntitlements, saveEntitlements } from './entitlements.repository.js';
import { findHost } from './hosts.repository.js';
import { nowIso, type TenancyDeps } from './tenancy-deps.js';
import type { HostEntitlements } from './views.js';

/** The limits of a host's plan; the IM server and member management enforce them. */
export type { HostEntitlements };

/** Added after the first plans: a plan written without them gets these (the migrations' defaults). */
type LaterEntitlements = 'pepStorageKb' | 'maxRooms' | 'maxRoomOccupants';
/** What billing writes: a plan made before PEP or group chat existed may not name their limits. */
export type HostEntitlementsInput = Omit<HostEntitlements, LaterEntitlements> &
  Partial<Pick<HostEntitlements, LaterEntitlements>>;

/** What the seeded plans give each member, and what a plan without the figure gets. */
export const DEFAULT_PEP_STORAGE_KB = 1024;
/** What a plan written before group chat existed allows (migration 0018's column defaults). */
export const DEFAULT_ROOM_LIMITS = { maxRooms: 10, maxRoomOccupants: 50 };

/**
 * Records what the host's plan allows, or (null) that it has no plan and so no limits. Billing
 * calls it whenever a subscription starts, changes plan or ends; it is idempotent. Lowering
 * maxMembers below the current count removes nobody: it only stops further additions.
 */
export async function setEntitlements(
  deps: Pick<TenancyDeps, 'db' | 'clock' | 'events'>,
  hostId: string,
  entitlements: HostEntitlementsInput | null,
): Promise<void> {
  if (!(await findHost(deps.db, { kind: 'all' }, hostId))) throw new AppError('host_not_found');
  await write(deps, hostId, entitlements);
  deps.events.emit('host.entitlements_changed', { hostId });
}

async function write(
  deps: Pick<TenancyDeps, 'db' | 'clock'>,
  hostId: string,
  entitlements: HostEntitlementsInput | null,
): Promise<void> {
  if (!entitlements) return clearEntitlements(deps.db, hostId);
  await saveEntitlements(deps.db, {
    host_id: hostId,
    max_members: entitlements.maxMembers,
    upload_quota_mb: entitlements.uploadQuotaMb,
    archive_retention_days: entitlements.archiveRetentionDays,
    custom_domain: entitlements.customDomain ? 1 : 0,
    pep_storage_kb: entitlements.pepStorageKb ?? DEFAULT_PEP_STORAGE_KB,
    max_rooms: entitlements.maxRooms ?? DEFAULT_ROOM_LIMITS.maxRooms,
    max_room_occupants: entitlements.maxRoomOccupants ?? DEFAULT_ROOM_LIMITS.maxRoomOccupants,
    updated_at: nowIso(deps),
  });
}

export async function loadEntitlements(
  deps: Pick<TenancyDeps, 'db'>,
  hostId: string,
): Promise<Required<HostEntitlements> | null> {
  const row = await findEntitlements(deps.db, hostId);
  if (!row) return null;
  return {
    maxMembers: row.max_members,
    uploadQuotaMb: row.upload_quota_mb,
    archiveRetentionDays: row.archive_retention_days,
    customDomain: row.custom_domain === 1,
    pepStorageKb: row.pep_storage_kb,
    maxRooms: row.max_rooms,
    maxRoomOccupants: row.max_room_occupants,
  };
}
