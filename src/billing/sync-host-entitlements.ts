import type { HostEntitlements } from '../tenancy/index.js';
import type { BillingDeps } from './billing-deps.js';
import { findPlan } from './catalog.repository.js';
import { findLiveSubscriptionForHost } from './subscriptions.repository.js';

/** The entitlements of the plan a host's live subscription is on; null when it has none. */
export async function entitlementsOf(
  deps: Pick<BillingDeps, 'db'>,
  customerId: string,
  hostId: string,
): Promise<HostEntitlements | null> {
  const sub = await findLiveSubscriptionForHost(deps.db, customerId, hostId);
  if (!sub) return null;
  const plan = (await findPlan(deps.db, sub.plan_id))!;
  return {
    maxMembers: plan.max_members,
    uploadQuotaMb: plan.upload_quota_mb,
    archiveRetentionDays: plan.archive_retention_days,
    customDomain: plan.custom_domain === 1,
    pepStorageKb: plan.pep_storage_kb,
    maxRooms: plan.max_rooms,
    maxRoomOccupants: plan.max_room_occupants,
  };
}

/**
 * Hands tenancy the limits of the plan now in force, so the IM server enforces what the customer
 * pays for. Run it when a subscription starts, changes plan (when the change takes effect) or ends;
 * it is idempotent, and a host already deleted has nothing left to limit.
 */
export async function syncHostEntitlements(
  deps: Pick<BillingDeps, 'db' | 'tenancy'>,
  customerId: string,
  hostId: string,
): Promise<void> {
  try {
    await deps.tenancy.hosts.setEntitlements(hostId, await entitlementsOf(deps, customerId, hostId));
  } catch (error) {
    if ((error as { code?: string }).code === 'host_not_found') return;
    throw error;
  }
}
