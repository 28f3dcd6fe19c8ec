import { isUniqueViolation } from '../platform/index.js';
import { nowIso, type BillingDeps, type BillingTx } from './billing-deps.js';
import { catalogCache, type CatalogCache } from './catalog-cache.js';
import { findCoupon, type PriceRow } from './catalog.repository.js';
import type { PaidInvoices } from './apply-account-credit.js';
import { issueInvoice } from './issue-invoice.js';
import { periodAt } from './math/periods.js';
import { couponApplies, type CouponTerms } from './math/discounts.js';
import { METRIC_MODE, parseMetered } from './metered.js';
import { periodLines } from './period-lines.js';
import { refreshSubscriptionStatus } from './refresh-subscription-status.js';
import { anchorOf, issueTimeOf, nextBillablePeriod } from './subscription-schedule.js';
import { findSubscription, updateSubscription, type SubscriptionRow } from './subscriptions.repository.js';
import { usageBetween } from './usage.repository.js';
import { syncHostEntitlements } from './sync-host-entitlements.js';
import type { CouponRow } from './catalog.repository.js';

class ChangedUnderUs extends Error {}

const MAX_STEPS = 64;

/**
 * Moves one subscription forward to now: applies a change whose time has come, ends it at a
 * requested cancellation, and issues every period invoice that is due (catching up after downtime).
 * Each step is one transaction that both writes the invoice (unique per subscription, period and
 * kind) and advances the `invoiced_through` pointer on the row as read; a concurrent worker makes one
 * of the two fail, and the loser simply reads again. Running it twice changes nothing.
 */
export async function renewSubscription(
  deps: BillingDeps,
  customerId: string,
  subscriptionId: string,
  catalog: CatalogCache = catalogCache(deps.db),
): Promise<number> {
  let issued = 0;
  // After issuing, the row as written is known; a stale copy only costs a ChangedUnderUs and a re-read.
  let known: SubscriptionRow | undefined;
  for (let step = 0; step < MAX_STEPS; step++) {
    const sub = known ?? (await findSubscription(deps.db, customerId, subscriptionId));
    known = undefined;
    if (!sub || sub.ended_at) break;
    try {
      const outcome = await advanceOnce(deps, catalog, sub);
      if (outcome === 'idle') break;
      // A plan change or the end took effect: the host's limits follow.
      if (outcome === 'changed') await syncHostEntitlements(deps, customerId, sub.host_id);
      if (outcome !== 'changed') {
        issued += 1;
        known = outcome.next;
      }
    } catch (error) {
      if (error instanceof ChangedUnderUs || isUniqueViolation(error)) continue;
      throw error;
    }
  }
  await refreshSubscriptionStatus(deps, customerId, subscriptionId);
  return issued;
}

async function advanceOnce(
  deps: BillingDeps,
  catalog: CatalogCache,
  sub: SubscriptionRow,
): Promise<'idle' | 'changed' | { next: SubscriptionRow }> {
  const now = deps.clock.now();
  const nowText = nowIso(deps);
  if (sub.pending_from && now.getTime() >= Date.parse(sub.pending_from) && sub.pending_price_id) {
    const pending = (await catalog.price(sub.pending_price_id))!;
    const changes = {
      price_id: pending.id,
      plan_id: pending.plan_id,
      pending_price_id: null,
      pending_from: null,
      pending_anchor_date: null,
      ...(sub.pending_anchor_date ? { anchor_date: sub.pending_anchor_date, invoiced_through: 0 } : {}),
      updated_at: nowText,
    };
    if (!(await updateSubscription(deps.db, sub.customer_id, sub.id, sub.updated_at, changes)))
      throw new ChangedUnderUs();
    return 'changed';
  }
  if (sub.cancel_at) {
    if (now.getTime() < Date.parse(sub.cancel_at)) return 'idle';
    const ended = { status: 'cancelled' as const, ended_at: sub.cancel_at, updated_at: nowText };
    if (!(await updateSubscription(deps.db, sub.customer_id, sub.id, sub.updated_at, ended)))
      throw new ChangedUnderUs();
    return 'changed';
  }
  const price = (await catalog.price(sub.price_id))!;
  const scheduled = sub.scheduled_price_id ? ((await catalog.price(sub.scheduled_price_id)) ?? null) : null;
  const billable = nextBillablePeriod(sub, price, scheduled);
  if (now < issueTimeOf(deps.settings, billable)) return 'idle';
  // Read before the transaction: on SQLite the cache's connection is the one the transaction holds.
  const plan = (await catalog.plan(billable.price.plan_id))!;
  const outcome = await deps.db.transaction().execute(async (tx) => {
    const coupon = sub.coupon_id ? await findCoupon(tx, sub.coupon_id) : undefined;
    const couponTerms =
      coupon && couponApplies(coupon.duration_cycles, sub.coupon_cycles_used) ? termsOf(coupon) : null;
    const drafts = periodLines({
      plan,
      price: billable.price,
      seats: sub.seats,
      period: billable.period,
      isFirst: sub.invoiced_through === -1,
      usage: await previousUsage(tx, sub, price),
    });
    const { paid } = await issueInvoice(tx, deps, {
      customerId: sub.customer_id,
      subscriptionId: sub.id,
      hostId: sub.host_id,
      kind: sub.invoiced_through === -1 ? 'initial' : 'renewal',
      obligationKey: `${sub.id}:${billable.period.start.toISOString()}:period`,
      currency: billable.price.currency,
      drafts,
      coupon: couponTerms,
      dueAt: billable.period.start,
      period: billable.period,
    });
    const changes = {
      invoiced_through: sub.invoiced_through + 1,
      coupon_cycles_used: sub.coupon_cycles_used + (couponTerms ? 1 : 0),
      updated_at: nowText,
      ...(scheduled
        ? {
            scheduled_price_id: null,
            pending_price_id: scheduled.id,
            pending_from: billable.period.start.toISOString(),
            pending_anchor_date: billable.newAnchorDate,
          }
        : {}),
    };
    if (!(await updateSubscription(tx, sub.customer_id, sub.id, sub.updated_at, changes)))
      throw new ChangedUnderUs();
    return { paid, next: { ...sub, ...changes } };
  });
  await afterPaid(deps, outcome.paid);
  return { next: outcome.next };
}

/** Pay-as-you-go: the usage of the period that just ended, billed in arrears. */
async function previousUsage(tx: BillingTx, sub: SubscriptionRow, price: PriceRow) {
  const metered = parseMetered(price.metered);
  if (metered.length === 0 || sub.invoiced_through < 0) return [];
  const period = periodAt(anchorOf(sub), price.cycle, sub.invoiced_through);
  const from = period.start.toISOString();
  const to = period.end.toISOString();
  return Promise.all(
    metered.map(async (charge) => ({
      metric: charge.metric,
      quantity: await usageBetween(tx, sub.customer_id, {
        hostId: sub.host_id,
        metric: charge.metric,
        from,
        to,
        mode: METRIC_MODE[charge.metric],
      }),
      period,
    })),
  );
}

export function termsOf(coupon: CouponRow): CouponTerms {
  return coupon.kind === 'percent'
    ? { kind: 'percent', percentOff: coupon.percent_off ?? '0' }
    : { kind: 'amount', amountOff: coupon.amount_off ?? 0 };
}

/** After-commit effects of invoices paid from credit or by card: the subscription and host catch up. */
export async function afterPaid(deps: BillingDeps, paid: PaidInvoices): Promise<void> {
  const seen = new Set<string>();
  for (const invoice of paid) {
    if (!invoice.subscription_id || seen.has(invoice.subscription_id)) continue;
    seen.add(invoice.subscription_id);
    await refreshSubscriptionStatus(deps, invoice.customer_id, invoice.subscription_id, {
      alwaysSyncHost: true,
    });
  }
}
