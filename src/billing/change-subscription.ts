import { AppError } from '../lib/errors.js';
import { nowIso, type BillingDeps } from './billing-deps.js';
import { findCurrentPrice, findPlan, findPrice, type PriceRow } from './catalog.repository.js';
import { issueInvoice } from './issue-invoice.js';
import { quoteInvoice } from './quote-invoice.js';
import type { Cycle } from './math/periods.js';
import { periodLines, recurringAmount } from './period-lines.js';
import { assertPlanFitsHostDomain } from './plan-domain.js';
import { prorationLines } from './proration-lines.js';
import { afterPaid } from './renew-subscription.js';
import { syncHostEntitlements } from './sync-host-entitlements.js';
import { invoicedOpenPeriods, nextBillablePeriod } from './subscription-schedule.js';
import { findSubscription, updateSubscription, type SubscriptionRow } from './subscriptions.repository.js';
import type { ChangeResult } from './views.js';

export interface ChangeRequest {
  planId?: string | undefined;
  cycle?: Cycle | undefined;
  seats?: number | undefined;
  preview: boolean;
}

const LIVE = new Set(['incomplete', 'trial', 'active', 'past_due']);

/**
 * Changes plan, cycle or seats. The preview and the real change run this same function with the
 * same clock reading, so the quoted amounts and the invoice match to the unit. Upgrades and seat
 * changes apply at once, prorated by the second over every invoiced period not yet over; a cheaper
 * plan (by the downgrade setting) and any cycle switch wait for the first period not yet invoiced.
 */
export async function changeSubscription(
  deps: BillingDeps,
  customerId: string,
  subscriptionId: string,
  request: ChangeRequest,
): Promise<ChangeResult> {
  const sub = await findSubscription(deps.db, customerId, subscriptionId);
  if (!sub) throw new AppError('subscription_not_found');
  if (!LIVE.has(sub.status) || sub.cancel_at)
    throw new AppError('subscription_ended', {
      message: 'Only a live subscription that is not being cancelled can change plan.',
    });
  if (sub.pending_price_id) {
    throw new AppError('plan_change_invalid', {
      message: `A change already takes effect on ${sub.pending_from}; change again after that.`,
    });
  }
  const current = (await findPrice(deps.db, sub.price_id))!;
  const target = await targetPrice(deps, sub, current, request);
  const seats = request.seats ?? sub.seats;
  if (seats < 1)
    throw new AppError('plan_change_invalid', { message: 'A subscription needs at least one seat.' });
  const fromPlan = (await findPlan(deps.db, current.plan_id))!;
  const toPlan = (await findPlan(deps.db, target.plan_id))!;
  if (toPlan.id !== fromPlan.id) await assertPlanFitsHostDomain(deps, sub.host_id, toPlan, 'change');
  const isCycleSwitch = target.cycle !== current.cycle;
  const isCheaperPlan =
    target.plan_id !== current.plan_id &&
    recurringAmount(target, seats) < recurringAmount(current, sub.seats);
  const atPeriodEnd = isCycleSwitch || (isCheaperPlan && deps.settings.downgradeAt === 'period_end');
  if (atPeriodEnd && seats !== sub.seats) {
    throw new AppError('plan_change_invalid', {
      message: 'Change seats and switch plan or cycle in two steps.',
    });
  }
  const now = deps.clock.now();
  const base = {
    subscriptionId: sub.id,
    fromPriceId: current.id,
    toPriceId: target.id,
    seats,
    isPreview: request.preview,
  };

  if (atPeriodEnd) {
    const billable = nextBillablePeriod(sub, current, target);
    const drafts = periodLines({
      plan: toPlan,
      price: target,
      seats,
      period: billable.period,
      isFirst: false,
      usage: [],
    });
    const quote = await quoteInvoice(deps.db, deps, customerId, target.currency, drafts, null);
    if (!request.preview) {
      const changes = {
        scheduled_price_id: target.id === current.id ? null : target.id,
        updated_at: nowIso(deps),
      };
      if (!(await updateSubscription(deps.db, customerId, sub.id, sub.updated_at, changes)))
        throw new AppError('plan_change_invalid', {
          message: 'The subscription changed meanwhile; try again.',
        });
    }
    return {
      ...base,
      effective: 'period_end',
      effectiveAt: billable.period.start.toISOString(),
      quote,
      invoiceId: null,
    };
  }

  const periods = invoicedOpenPeriods(sub, current, now);
  const drafts = prorationLines(
    { plan: fromPlan, price: current, seats: sub.seats },
    { plan: toPlan, price: target, seats },
    periods,
    now,
  );
  const quote =
    drafts.length > 0 ? await quoteInvoice(deps.db, deps, customerId, target.currency, drafts, null) : null;
  if (request.preview)
    return { ...base, effective: 'now', effectiveAt: now.toISOString(), quote, invoiceId: null };

  const changeId = deps.newId('chg');
  const outcome = await deps.db.transaction().execute(async (tx) => {
    const applied = await updateSubscription(tx, customerId, sub.id, sub.updated_at, {
      plan_id: target.plan_id,
      price_id: target.id,
      seats,
      scheduled_price_id: null,
      updated_at: nowIso(deps),
    });
    if (!applied)
      throw new AppError('plan_change_invalid', {
        message: 'The subscription changed meanwhile; try again.',
      });
    if (drafts.length === 0) return { invoiceId: null, paid: [] };
    const currentPeriod = periods[0]!;
    const { invoice, paid } = await issueInvoice(tx, deps, {
      customerId,
      subscriptionId: sub.id,
      hostId: sub.host_id,
      kind: 'proration',
      obligationKey: `${sub.id}:${changeId}:proration`,
      currency: target.currency,
      drafts,
      coupon: null,
      dueAt: now,
      period: { start: now, end: currentPeriod.end },
    });
    return { invoiceId: invoice.id, paid };
  });
  await afterPaid(deps, outcome.paid);
  await syncHostEntitlements(deps, customerId, sub.host_id);
  return { ...base, effective: 'now', effectiveAt: now.toISOString(), quote, invoiceId: outcome.invoiceId };
}

async function targetPrice(
  deps: BillingDeps,
  sub: SubscriptionRow,
  current: PriceRow,
  request: ChangeRequest,
): Promise<PriceRow> {
  const planId = request.planId ?? current.plan_id;
  const cycle = request.cycle ?? current.cycle;
  // Staying on the same plan and cycle keeps the subscription's own price version.
  if (planId === current.plan_id && cycle === current.cycle) return current;
  const plan = await findPlan(deps.db, planId);
  if (!plan || !plan.is_active) throw new AppError('plan_not_found');
  const price = await findCurrentPrice(deps.db, { planId, cycle, currency: current.currency });
  if (!price)
    throw new AppError('price_not_found', {
      details: { cycle, currency: current.currency, subscriptionId: sub.id },
    });
  return price;
}
