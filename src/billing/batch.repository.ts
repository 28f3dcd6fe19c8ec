/**
 * Set-based SQL for the batched renewal and charge paths: each call reads or writes a whole page of
 * subscriptions, invoices or payments in one statement (or one per 500 rows), where the one-by-one
 * paths issue one per row. Both databases run the same SQL: multi-row INSERT, `IN` lists, and
 * `UPDATE … FROM (VALUES …)` with the VALUES columns' default names (column1, column2, …).
 */
import { sql } from 'kysely';
import { chunks } from '../lib/chunks.js';
import { insertRows } from '../platform/index.js';
import { isOverdue, type InvoiceLineRow, type InvoiceRow } from './invoices.repository.js';
import type { PaymentMethodRow, PaymentRow } from './payments.repository.js';
import type { ProfileRow } from './profiles.repository.js';
import type { SubscriptionRow } from './subscriptions.repository.js';
import type { BillingDb } from './billing-deps.js';

export async function findProfiles(db: BillingDb, customerIds: string[]): Promise<ProfileRow[]> {
  if (customerIds.length === 0) return [];
  return db.selectFrom('billing_profiles').selectAll().where('customer_id', 'in', customerIds).execute();
}

/** Each customer's account-credit balance per currency (negative: we owe the customer). */
export async function creditBalances(
  db: BillingDb,
  customerIds: string[],
): Promise<Array<{ customerId: string; currency: string; balance: number }>> {
  if (customerIds.length === 0) return [];
  const rows = await db
    .selectFrom('billing_ledger_entries')
    .select(['customer_id', 'currency', (eb) => eb.fn.sum<number | string>('amount').as('total')])
    .where('customer_id', 'in', customerIds)
    .where('account', '=', 'customer_credit')
    .groupBy(['customer_id', 'currency'])
    .execute();
  return rows.map((row) => ({
    customerId: row.customer_id,
    currency: row.currency,
    balance: Number(row.total),
  }));
}

/** Which of these subscriptions have an open invoice past due with a failed attempt (dunning's trigger). */
export async function subscriptionsWithOverdueInvoices(
  db: BillingDb,
  subscriptionIds: string[],
  now: string,
): Promise<Set<string>> {
  if (subscriptionIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('billing_invoices')
    .select('subscription_id')
    .distinct()
    .where((eb) => isOverdue(eb, now))
    .where('subscription_id', 'in', subscriptionIds)
    .execute();
  return new Set(rows.map((row) => row.subscription_id!));
}

export async function insertInvoices(
  db: BillingDb,
  invoices: InvoiceRow[],
  lines: InvoiceLineRow[],
): Promise<void> {
  await insertRows(db, 'billing_invoices', invoices);
  await insertRows(db, 'billing_invoice_lines', lines);
}

/**
 * Moves each subscription's `invoiced_through` on by one, each only if its row is unchanged since it
 * was read (same updated_at), as updateSubscription does for one. Returns how many moved.
 */
export async function advanceSubscriptions(
  db: BillingDb,
  rows: Array<{ id: string; updatedAt: string }>,
  now: string,
): Promise<number> {
  let moved = 0;
  for (const part of chunks(rows)) {
    const values = sql.join(part.map((row) => sql`(${row.id}, ${row.updatedAt})`));
    const result = await sql`
      UPDATE billing_subscriptions
      SET invoiced_through = invoiced_through + 1, updated_at = ${now}
      FROM (VALUES ${values}) AS expected
      WHERE billing_subscriptions.id = expected.column1
        AND billing_subscriptions.updated_at = expected.column2`.execute(db);
    moved += Number(result.numAffectedRows ?? 0n);
  }
  return moved;
}

export async function listSubscriptionStatuses(
  db: BillingDb,
  ids: string[],
): Promise<Map<string, SubscriptionRow['status']>> {
  const found = new Map<string, SubscriptionRow['status']>();
  for (const part of chunks([...new Set(ids)])) {
    const rows = await db
      .selectFrom('billing_subscriptions')
      .select(['id', 'status'])
      .where('id', 'in', part)
      .execute();
    for (const row of rows) found.set(row.id, row.status);
  }
  return found;
}

export async function findInvoicesByIds(db: BillingDb, ids: string[]): Promise<InvoiceRow[]> {
  const found: InvoiceRow[] = [];
  for (const part of chunks(ids))
    found.push(...(await db.selectFrom('billing_invoices').selectAll().where('id', 'in', part).execute()));
  return found;
}

/** The ids of the invoices among these that already have a payment attempt of any status. */
export async function invoicesWithPayments(db: BillingDb, invoiceIds: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks(invoiceIds)) {
    const rows = await db
      .selectFrom('billing_payments')
      .select('invoice_id')
      .where('invoice_id', 'in', part)
      .execute();
    for (const row of rows) found.add(row.invoice_id);
  }
  return found;
}

export async function findDefaultPaymentMethods(
  db: BillingDb,
  customerIds: string[],
): Promise<PaymentMethodRow[]> {
  const found: PaymentMethodRow[] = [];
  for (const part of chunks(customerIds)) {
    found.push(
      ...(await db
        .selectFrom('billing_payment_methods')
        .selectAll()
        .where('customer_id', 'in', part)
        .where('removed_at', 'is', null)
        .where('is_default', '=', 1)
        .execute()),
    );
  }
  return found;
}

/**
 * Writes pending attempt rows; one whose invoice already has a live or succeeded attempt is skipped
 * by the one-live-attempt-per-invoice unique index. Returns the ids actually written.
 */
export async function insertPendingPayments(db: BillingDb, rows: PaymentRow[]): Promise<Set<string>> {
  const written = await insertRows(db, 'billing_payments', rows, { skipConflicts: true, returning: 'id' });
  return new Set(written as string[]);
}

/**
 * Marks attempts succeeded with their gateway references, each only if still pending or unknown (as
 * updatePayment does for one). Returns the ids that moved: the others were settled by someone else.
 */
export async function markPaymentsSucceeded(
  db: BillingDb,
  rows: Array<{ id: string; reference: string }>,
  now: string,
): Promise<Set<string>> {
  const moved = new Set<string>();
  for (const part of chunks(rows)) {
    const values = sql.join(part.map((row) => sql`(${row.id}, ${row.reference})`));
    const result = await sql<{ id: string }>`
      UPDATE billing_payments
      SET status = 'succeeded', gateway_reference = settled.column2, updated_at = ${now}
      FROM (VALUES ${values}) AS settled
      WHERE billing_payments.id = settled.column1
        AND billing_payments.status IN ('pending', 'unknown')
      RETURNING billing_payments.id`.execute(db);
    for (const row of result.rows) moved.add(row.id);
  }
  return moved;
}

/**
 * Marks open, previously unpaid invoices paid in full by one payment of exactly what was due (total
 * less credit applied). Returns how many changed; the caller rolls back when that is not all.
 */
export async function markInvoicesPaid(db: BillingDb, ids: string[], now: string): Promise<number> {
  let changed = 0;
  for (const part of chunks(ids)) {
    const result = await db
      .updateTable('billing_invoices')
      .set((eb) => ({
        status: 'paid',
        amount_paid: eb('total', '-', eb.ref('credit_applied')),
        paid_at: now,
        next_charge_at: null,
        updated_at: now,
      }))
      .where('id', 'in', part)
      .where('status', '=', 'open')
      .where('amount_paid', '=', 0)
      .executeTakeFirst();
    changed += Number(result.numUpdatedRows);
  }
  return changed;
}
