import type { LedgerAccount } from '../platform/index.js';
import { nowIso, type BillingDeps, type BillingTx } from './billing-deps.js';
import { insertLedgerEntries } from './ledger.repository.js';

/**
 * Double-entry bookkeeping behind every balance. Debits are positive, credits negative, and the legs
 * of one transaction must sum to zero or nothing is written.
 *
 *   receivable       what customers owe us (debit balance)
 *   customer_credit  what we owe customers as account credit (credit balance)
 *   revenue          net sales (credit balance)
 *   tax_payable      tax collected for the state (credit balance)
 *   cash             money received through a gateway or offline (debit balance)
 */
export interface LedgerPosting {
  customerId: string;
  currency: string;
  memo: string;
  invoiceId?: string | null;
  paymentId?: string | null;
  legs: { account: LedgerAccount; amount: number }[];
}

export async function postLedger(
  tx: BillingTx,
  deps: Pick<BillingDeps, 'clock' | 'newId'>,
  posting: LedgerPosting,
): Promise<void> {
  const legs = posting.legs.filter((leg) => leg.amount !== 0);
  const sum = legs.reduce((total, leg) => total + leg.amount, 0);
  if (sum !== 0) throw new Error(`unbalanced ledger transaction (${posting.memo}): legs sum to ${sum}`);
  if (legs.length === 0) return;
  const transactionId = deps.newId('ltx');
  const createdAt = nowIso(deps);
  await insertLedgerEntries(
    tx,
    legs.map((leg) => ({
      id: deps.newId('led'),
      transaction_id: transactionId,
      customer_id: posting.customerId,
      account: leg.account,
      currency: posting.currency,
      amount: leg.amount,
      invoice_id: posting.invoiceId ?? null,
      payment_id: posting.paymentId ?? null,
      memo: posting.memo,
      created_at: createdAt,
    })),
  );
}
