import { AppError } from '../lib/errors.js';
import { nowIso, type BillingDeps } from './billing-deps.js';
import type {
  CardInput,
  CardReference,
  CardSetup,
  GatewayCustomer,
  StoredCard,
} from './gateway/payment-gateway.js';
import {
  findPaymentMethod,
  insertPaymentMethod,
  listPaymentMethods,
  removePaymentMethod as removeRow,
  setDefaultPaymentMethod,
  type PaymentMethodRow,
} from './payments.repository.js';
import { findOpenChargeableInvoices } from './invoices.repository.js';
import { chargeInvoice } from './charge-invoice.js';
import type { PaymentMethodView } from './views.js';

export type { PaymentMethodView };

export function toPaymentMethodView(row: PaymentMethodRow): PaymentMethodView {
  return {
    id: row.id,
    brand: row.brand,
    last4: row.last4,
    expMonth: row.exp_month,
    expYear: row.exp_year,
    isDefault: row.is_default === 1,
    createdAt: row.created_at,
  };
}

export async function listMethods(deps: BillingDeps, customerId: string): Promise<PaymentMethodView[]> {
  return (await listPaymentMethods(deps.db, customerId)).map(toPaymentMethodView);
}

export type NewPaymentMethod = (CardInput | CardReference) & { makeDefault?: boolean | undefined };

async function gatewayCustomer(deps: BillingDeps, customerId: string): Promise<GatewayCustomer> {
  const rows = await listPaymentMethods(deps.db, customerId);
  return {
    id: customerId,
    tokens: rows.filter((row) => row.gateway === deps.gateway.name).map((row) => row.token),
  };
}

/** What the dashboard needs to collect a new card with the configured gateway. */
export async function prepareCardSetup(deps: BillingDeps, customerId: string): Promise<CardSetup> {
  return deps.gateway.prepareCardSetup(await gatewayCustomer(deps, customerId));
}

/**
 * Stores a card through the gateway (we keep only its token, brand, last four and expiry): a number
 * for the sandbox, a reference to what Stripe.js collected for Stripe; each gateway refuses the other
 * kind. The same card sent twice (a retried request) is stored once. The first card, or one marked
 * default, becomes the default; a new default card is tried at once on invoices that are overdue, so
 * a suspended host comes back as soon as the new card pays.
 */
export async function addPaymentMethod(
  deps: BillingDeps,
  customerId: string,
  card: NewPaymentMethod,
): Promise<PaymentMethodView> {
  const stored: StoredCard =
    'number' in card
      ? await deps.gateway.addCard(card)
      : await deps.gateway.attachCard(await gatewayCustomer(deps, customerId), card);
  const existing = await listPaymentMethods(deps.db, customerId);
  const same = existing.find((row) => row.gateway === deps.gateway.name && row.token === stored.token);
  if (same) return toPaymentMethodView(same);
  const isDefault = card.makeDefault === true || existing.length === 0;
  const row: PaymentMethodRow = {
    id: deps.newId('pm'),
    customer_id: customerId,
    gateway: deps.gateway.name,
    token: stored.token,
    brand: stored.brand,
    last4: stored.last4,
    exp_month: stored.expMonth,
    exp_year: stored.expYear,
    is_default: 0,
    expiry_warned_at: null,
    created_at: nowIso(deps),
    removed_at: null,
  };
  await deps.db.transaction().execute(async (tx) => {
    await insertPaymentMethod(tx, row);
    if (isDefault) await setDefaultPaymentMethod(tx, customerId, row.id);
  });
  if (isDefault) await retryOverdueInvoices(deps, customerId);
  return toPaymentMethodView({ ...row, is_default: isDefault ? 1 : 0 });
}

export async function makeDefaultPaymentMethod(
  deps: BillingDeps,
  customerId: string,
  id: string,
): Promise<PaymentMethodView> {
  const row = await findPaymentMethod(deps.db, customerId, id);
  if (!row) throw new AppError('payment_method_not_found');
  await deps.db.transaction().execute((tx) => setDefaultPaymentMethod(tx, customerId, id));
  await retryOverdueInvoices(deps, customerId);
  return toPaymentMethodView({ ...row, is_default: 1 });
}

export async function removePaymentMethod(deps: BillingDeps, customerId: string, id: string): Promise<void> {
  if (!(await removeRow(deps.db, customerId, id, nowIso(deps))))
    throw new AppError('payment_method_not_found');
}

async function retryOverdueInvoices(deps: BillingDeps, customerId: string): Promise<void> {
  for (const invoice of await findOpenChargeableInvoices(deps.db, customerId, nowIso(deps))) {
    await chargeInvoice(deps, customerId, invoice.id, { kind: 'manual' });
  }
}
