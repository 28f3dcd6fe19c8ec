import { AppError } from '../lib/errors.js';
import { isUniqueViolation } from '../platform/index.js';
import { nowIso, type BillingDeps } from './billing-deps.js';
import { findCouponByCode, findCurrentPrice, findPlan } from './catalog.repository.js';
import { formatLocalDate, localDateOf } from '../lib/time-zone.js';
import { startOfLocalDay } from './math/calendar.js';
import type { Cycle } from './math/periods.js';
import { loadProfile, updateProfile } from './profiles.js';
import { renewSubscription } from './renew-subscription.js';
import {
  findSubscription,
  insertSubscription,
  updateSubscription,
  type SubscriptionRow,
} from './subscriptions.repository.js';
import { amountDue } from './invoice-facts.js';
import { findFirstInvoice } from './invoices.repository.js';
import { payInvoice } from './pay-invoice.js';
import { assertPlanFitsHostDomain } from './plan-domain.js';
import { findDefaultPaymentMethod } from './payments.repository.js';
import { syncHostEntitlements } from './sync-host-entitlements.js';
import { voidInvoice } from './void-invoice.js';

export interface StartSubscriptionInput {
  customerId: string;
  hostId: string;
  planId: string;
  cycle: Cycle;
  currency: string;
  seats?: number | undefined;
  couponCode?: string | undefined;
  /** Filled into the customer's billing profile when it has none yet. */
  billingEmail?: string | undefined;
  timeZone?: string | undefined;
  /**
   * Charge the first invoice of a plan without a trial at once with the default card, instead of
   * leaving it to the scheduler. Without a card, nothing is written; if the charge fails, the
   * subscription is ended and its invoice voided before the error is thrown, so the caller can
   * undo the host as well.
   */
  payFirstInvoiceNow?: boolean | undefined;
}

const DAY_MS = 86_400_000;

/**
 * Starts the subscription of an IM host. The anchor is a local date in the customer's time zone:
 * the day the trial ends, or today. A plan with a trial starts in `trial` and is invoiced N days
 * before the trial ends; one without is invoiced at once and becomes active when that is paid.
 */
export async function startSubscription(
  deps: BillingDeps,
  input: StartSubscriptionInput,
): Promise<SubscriptionRow> {
  const plan = await findPlan(deps.db, input.planId);
  if (!plan || !plan.is_active) throw new AppError('plan_not_found');
  await assertPlanFitsHostDomain(deps, input.hostId, plan, 'start');
  const price = await findCurrentPrice(deps.db, {
    planId: plan.id,
    cycle: input.cycle,
    currency: input.currency,
  });
  if (!price)
    throw new AppError('price_not_found', { details: { cycle: input.cycle, currency: input.currency } });
  const coupon = input.couponCode ? await findCouponByCode(deps.db, input.couponCode) : undefined;
  if (
    input.couponCode &&
    (!coupon || !coupon.is_active || (coupon.currency !== null && coupon.currency !== input.currency))
  ) {
    throw new AppError('coupon_not_found');
  }
  const hasTrial = plan.trial_days > 0;
  const mustPayNow = input.payFirstInvoiceNow === true && !hasTrial;
  if (mustPayNow && !(await findDefaultPaymentMethod(deps.db, input.customerId)))
    throw new AppError('payment_method_required');
  let profile = await loadProfile(deps.db, input.customerId);
  if ((input.billingEmail && !profile.email) || (input.timeZone && input.timeZone !== profile.timeZone)) {
    profile = await updateProfile(deps, input.customerId, {
      ...(input.billingEmail && !profile.email ? { email: input.billingEmail } : {}),
      ...(input.timeZone ? { timeZone: input.timeZone } : {}),
    });
  }
  const now = deps.clock.now();
  const anchorDate = localDateOf(new Date(now.getTime() + plan.trial_days * DAY_MS), profile.timeZone);
  const nowText = nowIso(deps);
  const row: SubscriptionRow = {
    id: deps.newId('sub'),
    customer_id: input.customerId,
    host_id: input.hostId,
    plan_id: plan.id,
    price_id: price.id,
    status: hasTrial ? 'trial' : 'incomplete',
    seats: input.seats ?? price.included_seats,
    anchor_date: formatLocalDate(anchorDate),
    time_zone: profile.timeZone,
    trial_ends_at: hasTrial ? startOfLocalDay(anchorDate, profile.timeZone).toISOString() : null,
    invoiced_through: -1,
    scheduled_price_id: null,
    pending_price_id: null,
    pending_anchor_date: null,
    pending_from: null,
    cancel_at: null,
    coupon_id: coupon?.id ?? null,
    coupon_cycles_used: 0,
    cancelled_at: null,
    ended_at: null,
    created_at: nowText,
    updated_at: nowText,
  };
  try {
    await insertSubscription(deps.db, row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('subscription_exists');
    throw error;
  }
  await renewSubscription(deps, input.customerId, row.id);
  if (mustPayNow) await payFirstInvoice(deps, input.customerId, row.id);
  await syncHostEntitlements(deps, input.customerId, input.hostId);
  return row;
}

async function payFirstInvoice(deps: BillingDeps, customerId: string, subscriptionId: string): Promise<void> {
  const invoice = (await findFirstInvoice(deps.db, customerId, subscriptionId))!;
  if (amountDue(invoice) <= 0) return;
  try {
    await payInvoice(deps, customerId, invoice.id);
  } catch (error) {
    await abandonSubscription(deps, customerId, subscriptionId, invoice.id);
    throw error;
  }
}

/** Nothing was ever paid: the subscription ends as if never started and its invoice is voided. */
async function abandonSubscription(
  deps: BillingDeps,
  customerId: string,
  subscriptionId: string,
  invoiceId: string,
): Promise<void> {
  const sub = (await findSubscription(deps.db, customerId, subscriptionId))!;
  const now = nowIso(deps);
  await updateSubscription(deps.db, customerId, sub.id, sub.updated_at, {
    status: 'cancelled',
    cancel_at: now,
    cancelled_at: now,
    ended_at: now,
    updated_at: now,
  });
  await voidInvoice(deps, customerId, invoiceId);
}
