import type { Expression, ExpressionBuilder, SqlBool, Updateable } from 'kysely';
import type {
  BillingCreditNotesTable,
  BillingInvoiceLinesTable,
  BillingInvoicesTable,
  InvoiceStatus,
  BillingTables,
} from '../platform/index.js';
import type { BillingDb } from './billing-deps.js';

export type InvoiceRow = BillingInvoicesTable;
export type InvoiceLineRow = BillingInvoiceLinesTable;
export type CreditNoteRow = BillingCreditNotesTable;

export async function insertInvoice(
  db: BillingDb,
  invoice: InvoiceRow,
  lines: InvoiceLineRow[],
): Promise<void> {
  await db.insertInto('billing_invoices').values(invoice).execute();
  if (lines.length > 0) await db.insertInto('billing_invoice_lines').values(lines).execute();
}

export async function findInvoiceByObligation(
  db: BillingDb,
  obligationKey: string,
): Promise<InvoiceRow | undefined> {
  return db
    .selectFrom('billing_invoices')
    .selectAll()
    .where('obligation_key', '=', obligationKey)
    .executeTakeFirst();
}

export async function findInvoice(
  db: BillingDb,
  customerId: string,
  id: string,
): Promise<InvoiceRow | undefined> {
  return db
    .selectFrom('billing_invoices')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function listInvoiceLines(
  db: BillingDb,
  customerId: string,
  invoiceId: string,
): Promise<InvoiceLineRow[]> {
  return db
    .selectFrom('billing_invoice_lines')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('invoice_id', '=', invoiceId)
    .orderBy('position')
    .execute();
}

export async function listInvoices(
  db: BillingDb,
  customerId: string,
  query: {
    limit: number;
    before?: string | undefined;
    subscriptionId?: string | undefined;
    withDrafts: boolean;
  },
): Promise<InvoiceRow[]> {
  let q = db
    .selectFrom('billing_invoices')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('id', 'desc')
    .limit(query.limit);
  if (query.before) q = q.where('id', '<', query.before);
  if (query.subscriptionId) q = q.where('subscription_id', '=', query.subscriptionId);
  if (!query.withDrafts) q = q.where('status', '!=', 'draft');
  return q.execute();
}

export async function listAllInvoices(
  db: BillingDb,
  query: {
    limit: number;
    before?: string | undefined;
    status?: InvoiceStatus | undefined;
    overdueAt?: string | undefined;
    customerId?: string | undefined;
  },
): Promise<InvoiceRow[]> {
  let q = db.selectFrom('billing_invoices').selectAll().orderBy('id', 'desc').limit(query.limit);
  if (query.customerId) q = q.where('customer_id', '=', query.customerId);
  if (query.before) q = q.where('id', '<', query.before);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.overdueAt) q = q.where('status', '=', 'open').where('due_at', '<', query.overdueAt);
  return q.execute();
}

/** Open invoices of one customer and currency, oldest first: where account credit goes. */
export async function listOpenInvoices(
  db: BillingDb,
  customerId: string,
  currency: string,
): Promise<InvoiceRow[]> {
  return db
    .selectFrom('billing_invoices')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('currency', '=', currency)
    .where('status', '=', 'open')
    .orderBy('due_at')
    .orderBy('id')
    .execute();
}

/**
 * What dunning counts as overdue: open, past due, and its first charge attempt has failed. An invoice
 * whose charge has not run yet is not overdue: a renewal run's invoices all fall due at once.
 */
export function isOverdue(
  eb: ExpressionBuilder<BillingTables, 'billing_invoices'>,
  now: string,
): Expression<SqlBool> {
  return eb.and([eb('status', '=', 'open'), eb('due_at', '<=', now), eb('charge_attempts', '>', 0)]);
}

/**
 * Open invoices past due whose first charge attempt has failed (what dunning counts as overdue),
 * across tenants, for the dunning sweep. An invoice whose charge has not run yet is not overdue: a
 * renewal run's invoices all fall due at once, and the sweep must not visit each of them.
 */
export async function listOverdueInvoices(
  db: BillingDb,
  now: string,
  afterId: string,
  limit: number,
): Promise<InvoiceRow[]> {
  return db
    .selectFrom('billing_invoices')
    .selectAll()
    .where((eb) => isOverdue(eb, now))
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function updateInvoice(
  db: BillingDb,
  customerId: string,
  id: string,
  changes: Updateable<InvoiceRow>,
  onlyIfStatus?: InvoiceStatus,
): Promise<boolean> {
  let q = db
    .updateTable('billing_invoices')
    .set(changes)
    .where('customer_id', '=', customerId)
    .where('id', '=', id);
  if (onlyIfStatus) q = q.where('status', '=', onlyIfStatus);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Reserves `count` consecutive numbers of a series in the caller's transaction and returns the last.
 * Gapless: the counter row is bumped inside the caller's transaction, so a rolled-back invoice gives
 * its numbers back, and concurrent finalisations queue on the row lock.
 */
export async function takeNumbers(db: BillingDb, series: string, count: number): Promise<number> {
  // One upsert rather than "create if missing, then bump": the lock is taken by the first statement.
  const row = await db
    .insertInto('billing_number_series')
    .values({ series, last_number: count })
    .onConflict((oc) =>
      oc
        .column('series')
        .doUpdateSet((eb) => ({ last_number: eb('billing_number_series.last_number', '+', count) })),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return Number(row.last_number);
}

export async function takeNextNumber(db: BillingDb, series: string): Promise<number> {
  return takeNumbers(db, series, 1);
}

export async function insertCreditNote(db: BillingDb, row: CreditNoteRow): Promise<void> {
  await db.insertInto('billing_credit_notes').values(row).execute();
}

export async function listCreditNotes(
  db: BillingDb,
  customerId: string,
  invoiceId?: string,
): Promise<CreditNoteRow[]> {
  let q = db
    .selectFrom('billing_credit_notes')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('id');
  if (invoiceId) q = q.where('invoice_id', '=', invoiceId);
  return q.execute();
}

/** The oldest open invoice of a subscription that is past due with a failed attempt: what dunning measures from. */
export async function findOldestOverdueInvoice(
  db: BillingDb,
  customerId: string,
  subscriptionId: string,
  now: string,
): Promise<InvoiceRow | undefined> {
  return db
    .selectFrom('billing_invoices')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('subscription_id', '=', subscriptionId)
    .where((eb) => isOverdue(eb, now))
    .orderBy('due_at')
    .executeTakeFirst();
}

/** A customer's open invoices already due that have had a failed attempt: worth trying again with a new card. */
export async function findOpenChargeableInvoices(
  db: BillingDb,
  customerId: string,
  now: string,
): Promise<InvoiceRow[]> {
  return db
    .selectFrom('billing_invoices')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where((eb) => isOverdue(eb, now))
    .orderBy('due_at')
    .execute();
}

export async function findFirstInvoice(
  db: BillingDb,
  customerId: string,
  subscriptionId: string,
): Promise<InvoiceRow | undefined> {
  return db
    .selectFrom('billing_invoices')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('subscription_id', '=', subscriptionId)
    .where('kind', '=', 'initial')
    .executeTakeFirst();
}
