import { AppError } from '../lib/errors.js';
import { clearEntitlements, findEntitlements, saveEntitlements } from './entitlements.repository.js';
import { findHost } from './hosts.repository.js';
import { nowIso, type TenancyDeps } from './tenancy-deps.js';

/** The limits of a host's plan; the IM server and member management enforce them. */
export interface HostEntitlements {
  maxMembers: number;
  uploadQuotaMb: number;
  archiveRetentionDays: number;
  customDomain: boolean;
  /** Group chat limits; a caller that predates them gets migration 0018's defaults. */
  maxRooms?: number;
  maxRoomOccupants?: number;
}

/**
 * Records what the host's plan allows, or (null) that it has no plan and so no limits. Billing
 * calls it whenever a subscription starts, changes plan or ends; it is idempotent. Lowering
 * maxMembers below the current count removes nobody: it only stops further additions.
 */
export async function setEntitlements(
  deps: Pick<TenancyDeps, 'db' | 'clock' | 'events'>,
  hostId: string,
  entitlements: HostEntitlements | null,
): Promise<void> {
  if (!(await findHost(deps.db, { kind: 'all' }, hostId))) throw new AppError('host_not_found');
  await write(deps, hostId, entitlements);
  deps.events.emit('host.entitlements_changed', { hostId });
}

async function write(
  deps: Pick<TenancyDeps, 'db' | 'clock'>,
  hostId: string,
  entitlements: HostEntitlements | null,
): Promise<void> {
  if (!entitlements) return clearEntitlements(deps.db, hostId);
  await saveEntitlements(deps.db, {
    host_id: hostId,
    max_members: entitlements.maxMembers,
    upload_quota_mb: entitlements.uploadQuotaMb,
    archive_retention_days: entitlements.archiveRetentionDays,
    custom_domain: entitlements.customDomain ? 1 : 0,
    max_rooms: entitlements.maxRooms ?? 10,
    max_room_occupants: entitlements.maxRoomOccupants ?? 50,
    updated_at: nowIso(deps),
  });
}

export async function loadEntitlements(
  deps: Pick<TenancyDeps, 'db'>,
  hostId: string,
): Promise<HostEntitlements | null> {
  const row = await findEntitlements(deps.db, hostId);
  if (!row) return null;
  return {
    maxMembers: row.max_members,
    uploadQuotaMb: row.upload_quota_mb,
    archiveRetentionDays: row.archive_retention_days,
    customDomain: row.custom_domain === 1,
    maxRooms: row.max_rooms,
    maxRoomOccupants: row.max_room_occupants,
  };
}
