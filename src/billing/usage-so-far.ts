import { AppError } from '../lib/errors.js';
import type { BillingDeps } from './billing-deps.js';
import { findPrice } from './catalog.repository.js';
import { roundMinor } from './math/money.js';
import { rateUsage } from './math/rating.js';
import { METRIC_MODE, parseMetered } from './metered.js';
import { currentPeriod } from './subscription-schedule.js';
import { findSubscription } from './subscriptions.repository.js';
import { usageBetween } from './usage.repository.js';
import type { UsageSoFar } from './views.js';

export type { UsageSoFar };

/** Usage so far in the current period on a pay-as-you-go price, rated exactly as the invoice will be. */
export async function usageSoFar(
  deps: BillingDeps,
  customerId: string,
  subscriptionId: string,
): Promise<UsageSoFar> {
  const sub = await findSubscription(deps.db, customerId, subscriptionId);
  if (!sub) throw new AppError('subscription_not_found');
  const price = (await findPrice(deps.db, sub.price_id))!;
  const period = currentPeriod(sub, price, deps.clock.now());
  const metrics = [];
  for (const charge of parseMetered(price.metered)) {
    const quantity = await usageBetween(deps.db, customerId, {
      hostId: sub.host_id,
      metric: charge.metric,
      from: period.start.toISOString(),
      to: period.end.toISOString(),
      mode: METRIC_MODE[charge.metric],
    });
    metrics.push({
      metric: charge.metric,
      quantity,
      amount: roundMinor(rateUsage(charge.model, quantity, charge.tiers)),
    });
  }
  return {
    subscriptionId,
    periodStart: period.start.toISOString(),
    periodEnd: period.end.toISOString(),
    currency: price.currency,
    metrics,
    total: metrics.reduce((sum, m) => sum + m.amount, 0),
  };
}
