import { refreshPlannerStatistics } from '../platform/index.js';
import type { BillingDeps } from './billing-deps.js';
import { catalogCache } from './catalog-cache.js';
import { renewPage } from './renew-batch.js';
import { renewSubscription } from './renew-subscription.js';
import { listLiveSubscriptions } from './subscriptions.repository.js';

const BATCH = 500;
/**
 * Statistics are refreshed after the first 10,000 invoices of a sweep, then each time the count
 * doubles, so a sweep that grows the tables severalfold pays for a handful of ANALYZEs, not one per page.
 */
const ISSUED_BEFORE_STATISTICS = 10_000;
/**
 * Statistics the rest of the sweep depends on (invoices), and the charge jobs that follow (the
 * platform's job queue, which billing does not see: the scheduler refreshes its own).
 */
async function refreshWrittenStatistics(deps: BillingDeps): Promise<void> {
  await refreshPlannerStatistics(deps.db, ['billing_invoices']);
  await deps.jobs.refreshPlannerStatistics();
}

/**
 * The renewal sweep over every live subscription, in id order, a page at a time: the page's plain
 * renewals are issued together (renewPage), the rest one by one. One subscription failing is logged
 * and skipped so it cannot stop the others; the next sweep tries it again.
 */
export async function renewDueSubscriptions(
  deps: BillingDeps,
): Promise<{ checked: number; issued: number; failed: number }> {
  const totals = { checked: 0, issued: 0, failed: 0 };
  const catalog = catalogCache(deps.db);
  let afterId = '';
  let issuedAtStatistics = 0;
  for (;;) {
    const batch = await listLiveSubscriptions(deps.db, afterId, BATCH);
    if (batch.length === 0) break;
    afterId = batch[batch.length - 1]!.id;
    totals.checked += batch.length;
    const { issued, rest } = await renewPage(deps, catalog, batch);
    totals.issued += issued;
    if (totals.issued - issuedAtStatistics >= Math.max(ISSUED_BEFORE_STATISTICS, issuedAtStatistics)) {
      await refreshWrittenStatistics(deps);
      issuedAtStatistics = totals.issued;
    }
    // Subscriptions are independent, so a few renew at once; each still runs its own transactions.
    let next = 0;
    const lane = async () => {
      while (next < rest.length) {
        const sub = rest[next++]!;
        try {
          // Awaited first: `x += await …` would read x before the await and lose other lanes' counts.
          const issued = await renewSubscription(deps, sub.customer_id, sub.id, catalog);
          totals.issued += issued;
        } catch (error) {
          totals.failed += 1;
          deps.logger.error({ err: error, subscriptionId: sub.id }, 'renewal failed');
        }
      }
    };
    await Promise.all(Array.from({ length: deps.settings.renewalConcurrency }, lane));
  }
  // A large sweep leaves as many charge jobs due at once: let their claims plan on true counts.
  if (totals.issued - issuedAtStatistics >= ISSUED_BEFORE_STATISTICS / 10)
    await refreshWrittenStatistics(deps);
  return totals;
}
