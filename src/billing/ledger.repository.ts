import { insertRows } from '../platform/index.js';
import type { BillingLedgerEntriesTable, LedgerAccount } from '../platform/index.js';
import type { BillingDb } from './billing-deps.js';

export type LedgerEntryRow = BillingLedgerEntriesTable;

/** Append-only: there is no update or delete here, by design. */
export async function insertLedgerEntries(db: BillingDb, rows: LedgerEntryRow[]): Promise<void> {
  await insertRows(db, 'billing_ledger_entries', rows);
}

export async function accountBalance(
  db: BillingDb,
  customerId: string,
  account: LedgerAccount,
  currency: string,
): Promise<number> {
  const row = await db
    .selectFrom('billing_ledger_entries')
    .select((eb) => eb.fn.sum<number | string | null>('amount').as('total'))
    .where('customer_id', '=', customerId)
    .where('account', '=', account)
    .where('currency', '=', currency)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

export async function listLedgerEntries(db: BillingDb, customerId: string): Promise<LedgerEntryRow[]> {
  return db
    .selectFrom('billing_ledger_entries')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('id')
    .execute();
}

/** Staff view across tenants: the sum per account and currency. */
export async function ledgerTotals(
  db: BillingDb,
): Promise<{ account: LedgerAccount; currency: string; total: number }[]> {
  const rows = await db
    .selectFrom('billing_ledger_entries')
    .select(['account', 'currency', (eb) => eb.fn.sum<number | string>('amount').as('total')])
    .groupBy(['account', 'currency'])
    .execute();
  return rows.map((r) => ({ account: r.account, currency: r.currency, total: Number(r.total) }));
}
