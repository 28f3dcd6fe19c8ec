import { AppError } from '../lib/errors.js';
import { isUniqueViolation } from '../platform/index.js';
import { nowIso, type BillingDeps } from './billing-deps.js';
import { insertCoupon, listCoupons, setCouponActive } from './catalog.repository.js';
import { isSupportedCurrency } from './math/money.js';
import { toCouponView, type CouponView } from './views.js';

export interface CouponInput {
  code: string;
  kind: 'percent' | 'amount';
  percentOff?: string | undefined;
  amountOff?: number | undefined;
  currency?: string | undefined;
  durationCycles: number | null;
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
