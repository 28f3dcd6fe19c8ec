import type { Updateable } from 'kysely';
import type { BillingPaymentMethodsTable, BillingPaymentsTable, PaymentStatus } from '../platform/index.js';
import type { BillingDb } from './billing-deps.js';

export type PaymentMethodRow = BillingPaymentMethodsTable;
export type PaymentRow = BillingPaymentsTable;

export async function insertPaymentMethod(db: BillingDb, row: PaymentMethodRow): Promise<void> {
  await db.insertInto('billing_payment_methods').values(row).execute();
}

export async function listPaymentMethods(db: BillingDb, customerId: string): Promise<PaymentMethodRow[]> {
  return db
    .selectFrom('billing_payment_methods')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('removed_at', 'is', null)
    .orderBy('id')
    .execute();
}

export async function findPaymentMethod(
  db: BillingDb,
  customerId: string,
  id: string,
): Promise<PaymentMethodRow | undefined> {
  return db
    .selectFrom('billing_payment_methods')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
}

export async function findDefaultPaymentMethod(
  db: BillingDb,
  customerId: string,
): Promise<PaymentMethodRow | undefined> {
  return db
    .selectFrom('billing_payment_methods')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('removed_at', 'is', null)
    .where('is_default', '=', 1)
    .executeTakeFirst();
}

export async function setDefaultPaymentMethod(db: BillingDb, customerId: string, id: string): Promise<void> {
  await db
    .updateTable('billing_payment_methods')
    .set({ is_default: 0 })
    .where('customer_id', '=', customerId)
    .execute();
  await db
    .updateTable('billing_payment_methods')
    .set({ is_default: 1 })
    .where('customer_id', '=', customerId)
    .where('id', '=', id)
    .execute();
}

export async function removePaymentMethod(
  db: BillingDb,
  customerId: string,
  id: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('billing_payment_methods')
    .set({ removed_at: now, is_default: 0 })
    .where('customer_id', '=', customerId)
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Default cards expiring by `before` not yet warned about, across tenants. */
export async function listExpiringDefaultMethods(
  db: BillingDb,
  beforeYearMonth: number,
): Promise<PaymentMethodRow[]> {
  return db
    .selectFrom('billing_payment_methods')
    .selectAll()
    .where('removed_at', 'is', null)
    .where('is_default', '=', 1)
    .where('expiry_warned_at', 'is', null)
    .where((eb) => eb(eb('exp_year', '*', 12), '+', eb.ref('exp_month')), '<=', beforeYearMonth)
    .execute();
}

export async function markExpiryWarned(
  db: BillingDb,
  customerId: string,
  id: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('billing_payment_methods')
    .set({ expiry_warned_at: now })
    .where('customer_id', '=', customerId)
    .where('id', '=', id)
    .where('expiry_warned_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertPayment(db: BillingDb, row: PaymentRow): Promise<void> {
  await db.insertInto('billing_payments').values(row).execute();
}

export async function findPayment(
  db: BillingDb,
  customerId: string,
  id: string,
): Promise<PaymentRow | undefined> {
  return db
    .selectFrom('billing_payments')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function listInvoicePayments(
  db: BillingDb,
  customerId: string,
  invoiceId: string,
): Promise<PaymentRow[]> {
  return db
    .selectFrom('billing_payments')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('invoice_id', '=', invoiceId)
    .orderBy('id')
    .execute();
}

/** A payment as lists show it: with its customer's billing time zone (null: no profile, UTC). */
export type ListedPaymentRow = PaymentRow & { time_zone: string | null };

function selectListedPayments(db: BillingDb, query: { limit: number; before?: string | undefined }) {
  let q = db
    .selectFrom('billing_payments')
    .leftJoin('billing_profiles', 'billing_profiles.customer_id', 'billing_payments.customer_id')
    .selectAll('billing_payments')
    .select('billing_profiles.time_zone')
    .orderBy('billing_payments.id', 'desc')
    .limit(query.limit);
  if (query.before) q = q.where('billing_payments.id', '<', query.before);
  return q;
}

export async function listCustomerPayments(
  db: BillingDb,
  customerId: string,
  query: { limit: number; before?: string | undefined },
): Promise<ListedPaymentRow[]> {
  return selectListedPayments(db, query).where('billing_payments.customer_id', '=', customerId).execute();
}

/** Attempts whose outcome we do not know: 'unknown', or 'pending' since before `staleBefore`. */
export async function listUnsettledPayments(
  db: BillingDb,
  staleBefore: string,
  limit: number,
): Promise<PaymentRow[]> {
  return db
    .selectFrom('billing_payments')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('status', '=', 'unknown'),
        eb.and([eb('status', '=', 'pending'), eb('updated_at', '<', staleBefore)]),
      ]),
    )
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function updatePayment(
  db: BillingDb,
  customerId: string,
  id: string,
  fromStatuses: PaymentStatus[],
  changes: Updateable<PaymentRow>,
): Promise<boolean> {
  const result = await db
    .updateTable('billing_payments')
    .set(changes)
    .where('customer_id', '=', customerId)
    .where('id', '=', id)
    .where('status', 'in', fromStatuses)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listAllPayments(
  db: BillingDb,
  query: { limit: number; before?: string | undefined; customerId?: string | undefined },
): Promise<ListedPaymentRow[]> {
  let q = selectListedPayments(db, query);
  if (query.customerId) q = q.where('billing_payments.customer_id', '=', query.customerId);
  return q.execute();
}

/** For gateway webhooks, which know only our idempotency key; the row tells the tenant. */
export async function findPaymentByIdempotencyKey(
  db: BillingDb,
  idempotencyKey: string,
): Promise<PaymentRow | undefined> {
  return db
    .selectFrom('billing_payments')
    .selectAll()
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
}
