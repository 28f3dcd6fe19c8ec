import { AppError } from '../lib/errors.js';
import { clearEntitlements, findEntitlements, saveEntitlements } from './entitlements.repository.js';
import { findHost } from './hosts.repository.js';
import { nowIso, type TenancyDeps } from './tenancy-deps.js';
import type { HostEntitlements } from './views.js';

/** The limits of a host's plan; the IM server and member management enforce them. */
export type { HostEntitlements };

/** What billing writes: a plan made before PEP existed may not name its PEP storage. */
export type HostEntitlementsInput = Omit<HostEntitlements, 'pepStorageKb'> & { pepStorageKb?: number };

/** What the seeded plans give each member, and what a plan without the figure gets. */
export const DEFAULT_PEP_STORAGE_KB = 1024;

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
  };
}
