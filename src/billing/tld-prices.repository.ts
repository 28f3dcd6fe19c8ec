import type { BillingTldPricesTable } from '../platform/index.js';
import type { BillingDb } from './billing-deps.js';

export type TldPriceRow = BillingTldPricesTable;

/** The catalog holds no customer data: TLD prices are the provider's, for every customer alike. */
export async function listTldPriceRows(db: BillingDb): Promise<TldPriceRow[]> {
  return db.selectFrom('billing_tld_prices').selectAll().orderBy('tld').orderBy('currency').execute();
}

export async function listPricesOfTld(db: BillingDb, tld: string): Promise<TldPriceRow[]> {
  return db.selectFrom('billing_tld_prices').selectAll().where('tld', '=', tld).orderBy('currency').execute();
}

export async function upsertTldPrice(db: BillingDb, row: TldPriceRow): Promise<void> {
  await db
    .insertInto('billing_tld_prices')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['tld', 'currency']).doUpdateSet({ amount: row.amount, updated_at: row.updated_at }),
    )
    .execute();
}

export async function deleteTldPrice(db: BillingDb, tld: string, currency: string): Promise<boolean> {
  const result = await db
    .deleteFrom('billing_tld_prices')
    .where('tld', '=', tld)
    .where('currency', '=', currency)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
