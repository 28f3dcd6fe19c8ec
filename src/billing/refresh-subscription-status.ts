import type { SubscriptionStatus } from '../platform/index.js';
import { nowIso, type BillingDeps } from './billing-deps.js';
import { sendBillingMail } from './billing-emails.js';
import { findFirstInvoice, findOldestOverdueInvoice } from './invoices.repository.js';
import { decideStatus } from './subscription-status.js';
import { findSubscription, updateSubscription } from './subscriptions.repository.js';
import { syncHostAccess } from './sync-host-access.js';
import { syncHostEntitlements } from './sync-host-entitlements.js';

/**
 * Recomputes a subscription's status from its invoices and applies it, then brings the IM host in
 * line. Payment, the dunning sweep and re-runs all come through here, so they agree; running it
 * again changes nothing.
 */
export async function refreshSubscriptionStatus(
  deps: BillingDeps,
  customerId: string,
  subscriptionId: string,
  options: { alwaysSyncHost?: boolean } = {},
): Promise<SubscriptionStatus | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const sub = await findSubscription(deps.db, customerId, subscriptionId);
    if (!sub) return null;
    const now = nowIso(deps);
    const overdue = await findOldestOverdueInvoice(deps.db, customerId, subscriptionId, now);
    const next = decideStatus({
      current: sub.status,
      now: deps.clock.now(),
      trialEndsAt: sub.trial_ends_at,
      oldestOverdueDueAt: overdue?.due_at ?? null,
      isFirstInvoiceOpen:
        sub.status === 'incomplete' &&
        (await findFirstInvoice(deps.db, customerId, subscriptionId))?.status === 'open',
      settings: deps.settings,
    });
    if (next !== sub.status) {
      // Read before the transaction: SQLite has one connection, and tenancy does not use ours.
      const domain = await hostDomain(deps, sub.host_id);
      const applied = await deps.db.transaction().execute(async (tx) => {
        const isEnding = next === 'terminated';
        if (
          !(await updateSubscription(tx, customerId, sub.id, sub.updated_at, {
            status: next,
            updated_at: now,
            ...(isEnding ? { ended_at: now } : {}),
          }))
        ) {
          return false;
        }
        if (next === 'suspended') await sendBillingMail(tx, deps, customerId, { kind: 'suspended', domain });
        if (next === 'terminated')
          await sendBillingMail(tx, deps, customerId, { kind: 'terminated', domain });
        return true;
      });
      if (!applied) continue; // changed under us: decide again from the new state
      if (next === 'terminated') await syncHostEntitlements(deps, customerId, sub.host_id);
    }
    // A subscription in good standing whose status did not move leaves its host alone (the common
    // renewal case, and the host lookup is another query); payments always check, so a host left
    // suspended by an interrupted earlier sync is reopened by the next payment.
    const isQuietGoodStanding =
      next === sub.status && (next === 'active' || next === 'trial' || next === 'incomplete');
    if (!isQuietGoodStanding || options.alwaysSyncHost) await syncHostAccess(deps, sub.host_id, next);
    return next;
  }
  throw new Error(`subscription ${subscriptionId} kept changing while its status was refreshed`);
}

async function hostDomain(deps: BillingDeps, hostId: string): Promise<string> {
  try {
    return (await deps.tenancy.hosts.get({ kind: 'system' }, hostId)).domain;
  } catch {
    return hostId;
  }
}
