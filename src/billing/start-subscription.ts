import { AppError } from '../lib/errors.js';
import { isUniqueViolation } from '../platform/index.js';
import { nowIso, type BillingDeps } from './billing-deps.js';
import { findCouponByCode, findCurrentPrice, findPlan } from './catalog.repository.js';
import { formatLocalDate, localDateOf, startOfLocalDay } from './math/calendar.js';
import type { Cycle } from './math/periods.js';
import { loadProfile, updateProfile } from './profiles.js';
import { renewSubscription } from './renew-subscription.js';
import { insertSubscription, type SubscriptionRow } from './subscriptions.repository.js';

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
  let profile = await loadProfile(deps.db, input.customerId);
  if ((input.billingEmail && !profile.email) || (input.timeZone && input.timeZone !== profile.timeZone)) {
    profile = await updateProfile(deps, input.customerId, {
      ...(input.billingEmail && !profile.email ? { email: input.billingEmail } : {}),
      ...(input.timeZone ? { timeZone: input.timeZone } : {}),
    });
  }
  const now = deps.clock.now();
  const hasTrial = plan.trial_days > 0;
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
  return row;
}
