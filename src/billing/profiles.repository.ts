import type { BillingProfilesTable } from '../platform/index.js';
import type { BillingDb } from './billing-deps.js';

export type ProfileRow = BillingProfilesTable;

export async function findProfile(db: BillingDb, customerId: string): Promise<ProfileRow | undefined> {
  return db
    .selectFrom('billing_profiles')
    .selectAll()
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
}

export async function upsertProfile(
  db: BillingDb,
  customerId: string,
  row: Omit<ProfileRow, 'customer_id'>,
): Promise<void> {
  const { created_at: _created, ...changes } = row;
  await db
    .insertInto('billing_profiles')
    .values({ ...row, customer_id: customerId })
    .onConflict((oc) => oc.column('customer_id').doUpdateSet(changes))
    .execute();
}
