import type { BillingDeps } from './billing-deps.js';
import { catalogCache } from './catalog-cache.js';
import { periodAt, type Period } from './math/periods.js';
import { parseMetered } from './metered.js';
import { recordUsage } from './record-usage.js';
import { anchorOf, currentPeriod } from './subscription-schedule.js';
import { listLiveSubscriptions, type SubscriptionRow } from './subscriptions.repository.js';
import type { PriceRow } from './catalog.repository.js';

const BATCH = 500;

/**
 * Monthly active members, as a snapshot per hour (the period bills its peak): the members whose last
 * sign-in falls in the period. Tenancy keeps only each member's latest sign-in, so the count must be
 * taken while it still describes the period: the sweep runs hourly, before renewals, and also counts
 * the period whose usage the next renewal bills, so the period that just ended gets a closing count
 * before it is rated. A member who signed in during a period's last hour and again after it, before
 * the next sweep, is counted in the new period only.
 */
export async function snapshotActiveMembers(deps: BillingDeps): Promise<void> {
  const catalog = catalogCache(deps.db);
  const now = deps.clock.now();
  let afterId = '';
  for (;;) {
    const batch = await listLiveSubscriptions(deps.db, afterId, BATCH);
    if (batch.length === 0) break;
    afterId = batch[batch.length - 1]!.id;
    for (const sub of batch) {
      const price = (await catalog.price(sub.price_id))!;
      if (!parseMetered(price.metered).some((charge) => charge.metric === 'active_members')) continue;
      for (const period of unbilledPeriods(sub, price, now)) {
        const quantity = await deps.tenancy.hosts.countActiveMembers(sub.host_id, {
          from: period.start.toISOString(),
          to: period.end.toISOString(),
        });
        if (quantity === 0) continue;
        // A period already over is counted in its own last hour, where the renewal looks for it.
        const at = new Date(Math.min(now.getTime(), period.end.getTime() - 1));
        await recordUsage(deps, {
          customerId: sub.customer_id,
          hostId: sub.host_id,
          metric: 'active_members',
          quantity,
          at,
        });
      }
    }
  }
}

/** The period the next renewal bills in arrears, and the one running now, when they differ. */
function unbilledPeriods(sub: SubscriptionRow, price: PriceRow, now: Date): Period[] {
  const running = currentPeriod(sub, price, now);
  if (sub.invoiced_through < 0) return [running];
  const billedNext = periodAt(anchorOf(sub), price.cycle, sub.invoiced_through);
  if (billedNext.start > now || billedNext.start.getTime() === running.start.getTime()) return [running];
  return [billedNext, running];
}
