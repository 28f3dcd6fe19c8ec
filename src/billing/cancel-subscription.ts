import { AppError } from '../lib/errors.js';
import { nowIso, type BillingDeps } from './billing-deps.js';
import { findPlan, findPrice } from './catalog.repository.js';
import { issueInvoice } from './issue-invoice.js';
import { periodAt } from './math/periods.js';
import { prorationLines } from './proration-lines.js';
import { refreshSubscriptionStatus } from './refresh-subscription-status.js';
import { afterPaid } from './renew-subscription.js';
import { syncHostEntitlements } from './sync-host-entitlements.js';
import { anchorOf, currentPeriod, invoicedOpenPeriods } from './subscription-schedule.js';
import { findSubscription, updateSubscription, type SubscriptionRow } from './subscriptions.repository.js';
import type { CancelResult } from './views.js';

export type { CancelResult };

/**
 * Cancels now (service ends at once; every invoiced but unused day comes back as account credit)
 * or at the end of the current period (service runs to that end; a next period already invoiced is
 * credited in full). The credit pays off an open invoice for the same time first, so nobody is asked
 * to pay for a period they will not have.
 */
export async function cancelSubscription(
  deps: BillingDeps,
  customerId: string,
  subscriptionId: string,
  options: { atPeriodEnd: boolean },
): Promise<CancelResult> {
  const sub = await findSubscription(deps.db, customerId, subscriptionId);
  if (!sub) throw new AppError('subscription_not_found');
  if (sub.ended_at || sub.status === 'cancelled' || sub.status === 'terminated')
    throw new AppError('subscription_ended');
  const price = (await findPrice(deps.db, sub.price_id))!;
  const plan = (await findPlan(deps.db, price.plan_id))!;
  const now = deps.clock.now();
  const endsAt = options.atPeriodEnd ? serviceEnd(sub, price, now) : now;
  const creditFrom = endsAt;
  const periods = invoicedOpenPeriods(sub, price, creditFrom);
  const drafts = prorationLines({ plan, price, seats: sub.seats }, null, periods, creditFrom);
  const nowText = nowIso(deps);
  const outcome = await deps.db.transaction().execute(async (tx) => {
    const changes = options.atPeriodEnd
      ? {
          cancel_at: endsAt.toISOString(),
          cancelled_at: nowText,
          scheduled_price_id: null,
          updated_at: nowText,
        }
      : {
          status: 'cancelled' as const,
          cancel_at: nowText,
          cancelled_at: nowText,
          ended_at: nowText,
          scheduled_price_id: null,
          updated_at: nowText,
        };
    if (!(await updateSubscription(tx, customerId, sub.id, sub.updated_at, changes))) {
      throw new AppError('subscription_ended', { message: 'The subscription changed meanwhile; try again.' });
    }
    if (drafts.length === 0) return { creditInvoiceId: null, paid: [] };
    const { invoice, paid } = await issueInvoice(tx, deps, {
      customerId,
      subscriptionId: sub.id,
      hostId: sub.host_id,
      kind: 'proration',
      obligationKey: `${sub.id}:cancel`,
      currency: price.currency,
      drafts,
      coupon: null,
      dueAt: now,
      period: { start: creditFrom, end: periods[periods.length - 1]!.end },
    });
    return { creditInvoiceId: invoice.id, paid };
  });
  await afterPaid(deps, outcome.paid);
  await refreshSubscriptionStatus(deps, customerId, sub.id);
  // At period end, the renewal that ends the subscription clears them.
  if (!options.atPeriodEnd) await syncHostEntitlements(deps, customerId, sub.host_id);
  return { subscriptionId: sub.id, endsAt: endsAt.toISOString(), creditInvoiceId: outcome.creditInvoiceId };
}

/** The end of the period in progress; during a trial, the trial's end. */
function serviceEnd(sub: SubscriptionRow, price: Parameters<typeof currentPeriod>[1], now: Date): Date {
  if (sub.trial_ends_at && now < new Date(sub.trial_ends_at)) return new Date(sub.trial_ends_at);
  const period = currentPeriod(sub, price, now);
  return period.index < 0 ? periodAt(anchorOf(sub), price.cycle, 0).start : period.end;
}
