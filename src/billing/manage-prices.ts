import { AppError } from '../lib/errors.js';
import { nowIso, type BillingDeps } from './billing-deps.js';
import { findCurrentPrice, findPlan, findPrice, insertPriceVersion } from './catalog.repository.js';
import { isSupportedCurrency } from './math/money.js';
import type { Cycle } from './math/periods.js';
import { rateUsage } from './math/rating.js';
import type { MeteredCharge } from './metered.js';
import { toPriceView, type PriceView } from './views.js';

export interface PriceInput {
  cycle: Cycle;
  currency: string;
  amount: number;
  seatAmount: number;
  includedSeats: number;
  setupFee: number;
  metered: MeteredCharge[];
}

/** Prices are versioned: this adds the version new subscriptions get; existing ones keep theirs. */
export async function addPrice(deps: BillingDeps, planId: string, input: PriceInput): Promise<PriceView> {
  if (!(await findPlan(deps.db, planId))) throw new AppError('plan_not_found');
  if (!isSupportedCurrency(input.currency)) throw new AppError('currency_unsupported');
  for (const charge of input.metered) {
    try {
      rateUsage(charge.model, 1, charge.tiers);
    } catch {
      throw new AppError('validation_failed', {
        message: `The tiers of ${charge.metric} must ascend and end unbounded.`,
      });
    }
  }
  const row = await deps.db.transaction().execute((tx) =>
    insertPriceVersion(tx, {
      id: deps.newId('price'),
      plan_id: planId,
      cycle: input.cycle,
      currency: input.currency,
      amount: input.amount,
      seat_amount: input.seatAmount,
      included_seats: input.includedSeats,
      setup_fee: input.setupFee,
      metered: JSON.stringify(input.metered),
      created_at: nowIso(deps),
    }),
  );
  return toPriceView(row);
}

/**
 * Staff move every live subscription on an old price version to the plan's current price for the
 * same cycle and currency, from each one's next un-invoiced period. Returns how many were moved.
 */
export async function migratePrice(deps: BillingDeps, oldPriceId: string): Promise<number> {
  const old = await findPrice(deps.db, oldPriceId);
  if (!old) throw new AppError('price_not_found');
  const current = await findCurrentPrice(deps.db, {
    planId: old.plan_id,
    cycle: old.cycle,
    currency: old.currency,
  });
  if (!current || current.id === old.id) return 0;
  const result = await deps.db
    .updateTable('billing_subscriptions')
    .set({ scheduled_price_id: current.id, updated_at: nowIso(deps) })
    .where('price_id', '=', old.id)
    .where('ended_at', 'is', null)
    .where('scheduled_price_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
