import type { BillingDeps, BillingDb } from './billing-deps.js';
import { findCoupon, findPlan, findPrice } from './catalog.repository.js';
import { quoteInvoice } from './quote-invoice.js';
import { couponApplies } from './math/discounts.js';
import { periodLines } from './period-lines.js';
import { termsOf } from './renew-subscription.js';
import { currentPeriod, issueTimeOf, nextBillablePeriod } from './subscription-schedule.js';
import type { SubscriptionRow } from './subscriptions.repository.js';
import type { TimelineEntry, SubscriptionView } from './views.js';

export type { TimelineEntry, SubscriptionView };

/**
 * The coming cycles with their dates and amounts, computed by stepping a copy of the subscription
 * forward exactly as the renewal sweep does and pricing each period with the invoice code itself
 * (coupon cycles, scheduled changes and cycle switches included). Usage-based amounts are not known
 * in advance and show only their fixed part.
 */
export async function timelineOf(
  db: BillingDb,
  deps: Pick<BillingDeps, 'settings'>,
  sub: SubscriptionRow,
  count: number,
): Promise<TimelineEntry[]> {
  if (sub.ended_at) return [];
  const entries: TimelineEntry[] = [];
  let state = { ...sub };
  // A change already invoiced prices every later period; a cycle switch also starts its new grid.
  let price = (await findPrice(db, state.pending_price_id ?? state.price_id))!;
  if (state.pending_anchor_date)
    state = { ...state, anchor_date: state.pending_anchor_date, invoiced_through: 0 };
  let scheduled = state.scheduled_price_id ? ((await findPrice(db, state.scheduled_price_id)) ?? null) : null;
  const coupon = sub.coupon_id ? await findCoupon(db, sub.coupon_id) : undefined;
  for (let i = 0; i < count; i++) {
    const billable = nextBillablePeriod(state, price, scheduled);
    if (sub.cancel_at && billable.period.start.getTime() >= Date.parse(sub.cancel_at)) break;
    const plan = (await findPlan(db, billable.price.plan_id))!;
    const drafts = periodLines({
      plan,
      price: billable.price,
      seats: state.seats,
      period: billable.period,
      isFirst: state.invoiced_through === -1,
      usage: [],
    });
    const terms =
      coupon && couponApplies(coupon.duration_cycles, state.coupon_cycles_used) ? termsOf(coupon) : null;
    const quote = await quoteInvoice(db, deps, sub.customer_id, billable.price.currency, drafts, terms);
    entries.push({
      periodStart: billable.period.start.toISOString(),
      periodEnd: billable.period.end.toISOString(),
      issueAt: issueTimeOf(deps.settings, billable).toISOString(),
      dueAt: billable.period.start.toISOString(),
      planId: billable.price.plan_id,
      priceId: billable.price.id,
      cycle: billable.price.cycle,
      currency: billable.price.currency,
      subtotal: quote.subtotal,
      discount: quote.discount,
      tax: quote.tax,
      total: quote.total,
    });
    state = {
      ...state,
      coupon_cycles_used: state.coupon_cycles_used + (terms ? 1 : 0),
      ...(billable.newAnchorDate
        ? { anchor_date: billable.newAnchorDate, invoiced_through: 0 }
        : { invoiced_through: state.invoiced_through + 1 }),
    };
    price = billable.price;
    scheduled = null;
  }
  return entries;
}

export async function describeSubscription(
  db: BillingDb,
  deps: Pick<BillingDeps, 'settings' | 'clock'>,
  sub: SubscriptionRow,
  timelineLength = 6,
): Promise<SubscriptionView> {
  const price = (await findPrice(db, sub.price_id))!;
  const plan = (await findPlan(db, sub.plan_id))!;
  const timeline = await timelineOf(db, deps, sub, timelineLength);
  const isLive = !sub.ended_at;
  const inTrial = sub.trial_ends_at !== null && deps.clock.now() < new Date(sub.trial_ends_at);
  const period = isLive && !inTrial ? currentPeriod(sub, price, deps.clock.now()) : null;
  return {
    id: sub.id,
    customerId: sub.customer_id,
    hostId: sub.host_id,
    planId: sub.plan_id,
    planName: plan.name,
    priceId: sub.price_id,
    cycle: price.cycle,
    currency: price.currency,
    seats: sub.seats,
    status: sub.status,
    anchorDate: sub.anchor_date,
    timeZone: sub.time_zone,
    trialEndsAt: sub.trial_ends_at,
    currentPeriodStart: period?.start.toISOString() ?? null,
    currentPeriodEnd: period?.end.toISOString() ?? null,
    cancelAt: sub.cancel_at,
    scheduledPriceId: sub.scheduled_price_id,
    pendingPriceId: sub.pending_price_id,
    pendingFrom: sub.pending_from,
    endedAt: sub.ended_at,
    createdAt: sub.created_at,
    next: timeline[0] ?? null,
    timeline,
  };
}
