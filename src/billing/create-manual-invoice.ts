import { AppError } from '../lib/errors.js';
import type { BillingDeps } from './billing-deps.js';
import { insertDraftInvoice } from './draft-invoice.js';
import type { InvoiceRow } from './invoices.repository.js';
import { isSupportedCurrency } from './math/money.js';

const DAY_MS = 86_400_000;

export interface ManualInvoiceInput {
  currency: string;
  dueInDays: number;
  hostId?: string | undefined;
  lines: { description: string; quantity: number; unitAmount: number }[];
}

/** Staff write a one-off invoice (consulting, a migration) as a draft, to check before it is final. */
export async function createManualInvoice(
  deps: BillingDeps,
  customerId: string,
  input: ManualInvoiceInput,
): Promise<InvoiceRow> {
  if (!isSupportedCurrency(input.currency)) throw new AppError('currency_unsupported');
  return deps.db.transaction().execute(async (tx) => {
    const id = deps.newId('man');
    return insertDraftInvoice(tx, deps, {
      customerId,
      subscriptionId: null,
      hostId: input.hostId ?? null,
      kind: 'manual',
      obligationKey: `manual:${id}`,
      currency: input.currency,
      drafts: input.lines.map((line) => ({
        description: line.description,
        kind: 'adjustment',
        quantity: line.quantity,
        amount: line.quantity * line.unitAmount,
        periodStart: null,
        periodEnd: null,
        isDiscountable: false,
      })),
      coupon: null,
      dueAt: new Date(deps.clock.nowMs() + input.dueInDays * DAY_MS),
      period: null,
    });
  });
}
