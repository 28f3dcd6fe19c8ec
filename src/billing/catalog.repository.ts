import type { Insertable, Updateable } from 'kysely';
import type {
  BillingCouponsTable,
  BillingCycle,
  BillingPlansTable,
  BillingPricesTable,
} from '../platform/index.js';
import type { BillingDb } from './billing-deps.js';

// The catalog is the provider's, not a tenant's: these queries take no customer.
export type PlanRow = BillingPlansTable;
export type PriceRow = BillingPricesTable;
export type CouponRow = BillingCouponsTable;

export async function listPlans(db: BillingDb, options: { activeOnly: boolean }): Promise<PlanRow[]> {
  let query = db.selectFrom('billing_plans').selectAll().orderBy('rank').orderBy('id');
  if (options.activeOnly) query = query.where('is_active', '=', 1);
  return query.execute();
}

export async function findPlan(db: BillingDb, id: string): Promise<PlanRow | undefined> {
  return db.selectFrom('billing_plans').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertPlan(db: BillingDb, row: Insertable<PlanRow>): Promise<void> {
  await db.insertInto('billing_plans').values(row).execute();
}

export async function updatePlan(db: BillingDb, id: string, changes: Updateable<PlanRow>): Promise<number> {
  const result = await db.updateTable('billing_plans').set(changes).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function listPrices(
  db: BillingDb,
  planIds: string[],
  options: { currentOnly: boolean },
): Promise<PriceRow[]> {
  if (planIds.length === 0) return [];
  let query = db
    .selectFrom('billing_prices')
    .selectAll()
    .where('plan_id', 'in', planIds)
    .orderBy('plan_id')
    .orderBy('cycle')
    .orderBy('currency')
    .orderBy('version');
  if (options.currentOnly) query = query.where('is_current', '=', 1);
  return query.execute();
}

export async function findPrice(db: BillingDb, id: string): Promise<PriceRow | undefined> {
  return db.selectFrom('billing_prices').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findCurrentPrice(
  db: BillingDb,
  key: { planId: string; cycle: BillingCycle; currency: string },
): Promise<PriceRow | undefined> {
  return db
    .selectFrom('billing_prices')
    .selectAll()
    .where('plan_id', '=', key.planId)
    .where('cycle', '=', key.cycle)
    .where('currency', '=', key.currency)
    .where('is_current', '=', 1)
    .executeTakeFirst();
}

/** Adds a price version and makes it the one new subscriptions get; existing ones keep theirs. */
export async function insertPriceVersion(
  db: BillingDb,
  row: Omit<Insertable<PriceRow>, 'version' | 'is_current'>,
): Promise<PriceRow> {
  const latest = await db
    .selectFrom('billing_prices')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('plan_id', '=', row.plan_id)
    .where('cycle', '=', row.cycle)
    .where('currency', '=', row.currency)
    .executeTakeFirst();
  const version = Number(latest?.version ?? 0) + 1;
  await db
    .updateTable('billing_prices')
    .set({ is_current: 0 })
    .where('plan_id', '=', row.plan_id)
    .where('cycle', '=', row.cycle)
    .where('currency', '=', row.currency)
    .execute();
  const full = { ...row, version, is_current: 1 } as PriceRow;
  await db.insertInto('billing_prices').values(full).execute();
  return full;
}

export async function listCoupons(db: BillingDb): Promise<CouponRow[]> {
  return db.selectFrom('billing_coupons').selectAll().orderBy('id', 'desc').execute();
}

export async function findCouponByCode(db: BillingDb, code: string): Promise<CouponRow | undefined> {
  return db.selectFrom('billing_coupons').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function findCoupon(db: BillingDb, id: string): Promise<CouponRow | undefined> {
  return db.selectFrom('billing_coupons').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertCoupon(db: BillingDb, row: CouponRow): Promise<void> {
  await db.insertInto('billing_coupons').values(row).execute();
}

export async function setCouponActive(db: BillingDb, id: string, isActive: boolean): Promise<number> {
  const result = await db
    .updateTable('billing_coupons')
    .set({ is_active: isActive ? 1 : 0 })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
