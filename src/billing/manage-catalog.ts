import { AppError } from '../lib/errors.js';
import { isUniqueViolation } from '../platform/index.js';
import { nowIso, type BillingDeps } from './billing-deps.js';
import {
  findCurrentPrice,
  findPlan,
  findPrice,
  insertCoupon,
  insertPlan,
  insertPriceVersion,
  listCoupons,
  listPlans,
  listPrices,
  setCouponActive,
  updatePlan,
} from './catalog.repository.js';
import { isSupportedCurrency } from './math/money.js';
import type { Cycle } from './math/periods.js';
import { rateUsage } from './math/rating.js';
import type { MeteredCharge } from './metered.js';
import {
  toCouponView,
  toPlanView,
  toPriceView,
  type CouponView,
  type PlanView,
  type PriceView,
} from './views.js';

export interface PlanInput {
  code: string;
  name: string;
  description: string;
  rank: number;
  trialDays: number;
  entitlements: {
    maxMembers: number;
    uploadQuotaMb: number;
    archiveRetentionDays: number;
    customDomain: boolean;
  };
}

export interface PriceInput {
  cycle: Cycle;
  currency: string;
  amount: number;
  seatAmount: number;
  includedSeats: number;
  setupFee: number;
  metered: MeteredCharge[];
}

export interface CouponInput {
  code: string;
  kind: 'percent' | 'amount';
  percentOff?: string | undefined;
  amountOff?: number | undefined;
  currency?: string | undefined;
  durationCycles: number | null;
}

export async function listCatalog(deps: BillingDeps, options: { activeOnly: boolean }): Promise<PlanView[]> {
  const plans = await listPlans(deps.db, options);
  const prices = await listPrices(
    deps.db,
    plans.map((p) => p.id),
    { currentOnly: options.activeOnly },
  );
  return plans.map((plan) => toPlanView(plan, prices));
}

export async function getPlan(deps: BillingDeps, planId: string): Promise<PlanView> {
  const plan = await findPlan(deps.db, planId);
  if (!plan) throw new AppError('plan_not_found');
  return toPlanView(plan, await listPrices(deps.db, [plan.id], { currentOnly: false }));
}

function planColumns(input: PlanInput) {
  return {
    code: input.code,
    name: input.name,
    description: input.description,
    rank: input.rank,
    trial_days: input.trialDays,
    max_members: input.entitlements.maxMembers,
    upload_quota_mb: input.entitlements.uploadQuotaMb,
    archive_retention_days: input.entitlements.archiveRetentionDays,
    custom_domain: input.entitlements.customDomain ? 1 : 0,
  };
}

export async function createPlan(deps: BillingDeps, input: PlanInput): Promise<PlanView> {
  const now = nowIso(deps);
  const id = deps.newId('plan');
  try {
    await insertPlan(deps.db, { id, ...planColumns(input), is_active: 1, created_at: now, updated_at: now });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('plan_code_taken');
    throw error;
  }
  return getPlan(deps, id);
}

export async function changePlan(
  deps: BillingDeps,
  planId: string,
  input: Partial<PlanInput> & { isActive?: boolean | undefined },
): Promise<PlanView> {
  const current = await getPlan(deps, planId);
  const merged: PlanInput = {
    code: input.code ?? current.code,
    name: input.name ?? current.name,
    description: input.description ?? current.description,
    rank: input.rank ?? current.rank,
    trialDays: input.trialDays ?? current.trialDays,
    entitlements: { ...current.entitlements, ...input.entitlements },
  };
  const isActive = input.isActive ?? current.isActive;
  try {
    await updatePlan(deps.db, planId, {
      ...planColumns(merged),
      is_active: isActive ? 1 : 0,
      updated_at: nowIso(deps),
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('plan_code_taken');
    throw error;
  }
  return getPlan(deps, planId);
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

export async function createCoupon(deps: BillingDeps, input: CouponInput): Promise<CouponView> {
  if (
    input.kind === 'percent' &&
    (input.percentOff === undefined || !(Number(input.percentOff) > 0 && Number(input.percentOff) <= 100))
  ) {
    throw new AppError('validation_failed', {
      message: 'A percent coupon needs percentOff between 0 and 100.',
    });
  }
  if (input.kind === 'amount' && (input.amountOff === undefined || input.amountOff <= 0 || !input.currency)) {
    throw new AppError('validation_failed', { message: 'An amount coupon needs amountOff and currency.' });
  }
  if (input.currency && !isSupportedCurrency(input.currency)) throw new AppError('currency_unsupported');
  const row = {
    id: deps.newId('cpn'),
    code: input.code,
    kind: input.kind,
    percent_off: input.kind === 'percent' ? input.percentOff! : null,
    amount_off: input.kind === 'amount' ? input.amountOff! : null,
    currency: input.currency ?? null,
    duration_cycles: input.durationCycles,
    is_active: 1,
    created_at: nowIso(deps),
  };
  try {
    await insertCoupon(deps.db, row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('coupon_taken');
    throw error;
  }
  return toCouponView(row);
}

export async function listAllCoupons(deps: BillingDeps): Promise<CouponView[]> {
  return (await listCoupons(deps.db)).map(toCouponView);
}

export async function setCouponStatus(deps: BillingDeps, couponId: string, isActive: boolean): Promise<void> {
  if ((await setCouponActive(deps.db, couponId, isActive)) === 0) throw new AppError('coupon_not_found');
}
