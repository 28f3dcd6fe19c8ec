import { findBillingContacts } from '../accounts/index.js';
import { nowIso, type BillingDeps } from './billing-deps.js';
import { billingMessage } from './billing-emails.js';
import {
  findDefaultPaymentMethods,
  findInvoicesByIds,
  findProfiles,
  insertPendingPayments,
  invoicesWithPayments,
  listSubscriptionStatuses,
  markInvoicesPaid,
  markPaymentsSucceeded,
} from './batch.repository.js';
import { chargeInvoice, newAttempt } from './charge-invoice.js';
import type { ChargeJobPayload } from './charge-schedule.js';
import type { ChargeRequest, ChargeResult } from './gateway/payment-gateway.js';
import { amountDue, invoiceFacts } from './invoice-facts.js';
import type { InvoiceRow } from './invoices.repository.js';
import { insertLedgerEntries, type LedgerEntryRow } from './ledger.repository.js';
import { updatePayment, type PaymentMethodRow, type PaymentRow } from './payments.repository.js';
import { toProfile } from './profiles.js';
import { settlePayment } from './settle-payment.js';
import { syncHostAccess } from './sync-host-access.js';

/** Gateway calls in flight at once for one batch (each is a network round trip with Stripe). */
const GATEWAY_LANES = 16;

class BatchChangedUnderUs extends Error {}

/**
 * The charge jobs of a renewal run, many at once. The first automatic attempt on an open invoice of
 * an active subscription, never tried before, with a default card, is charged set-based: attempt
 * rows written together (the one-live-attempt-per-invoice index still admits only one), the gateway
 * called for each with the same idempotency key `chargeInvoice` would use, and the successes booked
 * together. Every other job, and every failed or unanswered charge, takes `chargeInvoice` or
 * `settlePayment` one by one, exactly as a job run alone would. Returns, per job, undefined or the
 * error that failed it.
 */
export async function chargeInvoices(
  deps: BillingDeps,
  jobs: ReadonlyArray<ChargeJobPayload>,
): Promise<unknown[]> {
  const errors: unknown[] = jobs.map(() => undefined);
  const oneByOne = new Set<number>();
  const invoices = new Map(
    (
      await findInvoicesByIds(
        deps.db,
        jobs.map((job) => job.invoiceId),
      )
    ).map((i) => [i.id, i]),
  );
  const tried = await invoicesWithPayments(deps.db, [...invoices.keys()]);
  const subscriptionIds = [...invoices.values()].flatMap((i) =>
    i.subscription_id ? [i.subscription_id] : [],
  );
  const statuses = await listSubscriptionStatuses(deps.db, subscriptionIds);
  const methods = new Map(
    (await findDefaultPaymentMethods(deps.db, [...new Set(jobs.map((job) => job.customerId))])).map((m) => [
      m.customer_id,
      m,
    ]),
  );

  const attempts: Array<{
    index: number;
    invoice: InvoiceRow;
    method: PaymentMethodRow;
    payment: PaymentRow;
  }> = [];
  const seen = new Set<string>();
  for (const [index, job] of jobs.entries()) {
    const invoice = invoices.get(job.invoiceId);
    const method = methods.get(job.customerId);
    const isPlain =
      invoice !== undefined &&
      invoice.customer_id === job.customerId &&
      job.attempt === 0 &&
      invoice.charge_attempts === 0 &&
      invoice.amount_paid === 0 &&
      amountDue(invoice) > 0 &&
      !tried.has(invoice.id) &&
      !seen.has(invoice.id) &&
      invoice.subscription_id !== null &&
      statuses.get(invoice.subscription_id) === 'active' &&
      method !== undefined;
    if (!isPlain) {
      oneByOne.add(index);
      continue;
    }
    seen.add(invoice.id);
    attempts.push({
      index,
      invoice,
      method,
      // As chargeInvoice numbers them: the first attempt on an invoice with no payment rows.
      payment: newAttempt(deps, invoice, method, 1),
    });
  }

  // A row that is not written means another attempt is live or done: that job has nothing to do,
  // as chargeInvoice answers 'in_progress'.
  const written = await insertPendingPayments(
    deps.db,
    attempts.map((attempt) => attempt.payment),
  );
  const charging = attempts.filter((attempt) => written.has(attempt.payment.id));
  const results = await chargeAll(deps, charging);

  const succeeded: Array<{ attempt: (typeof charging)[number]; reference: string }> = [];
  for (const [position, attempt] of charging.entries()) {
    const result = results[position]!;
    if (result === 'unknown') continue; // marked unknown, left for reconciliation
    if (result.status === 'succeeded') succeeded.push({ attempt, reference: result.reference });
    else {
      try {
        await settlePayment(deps, attempt.payment, result);
      } catch (error) {
        errors[attempt.index] = error;
      }
    }
  }
  try {
    await bookSuccesses(deps, succeeded);
  } catch (error) {
    if (!(error instanceof BatchChangedUnderUs)) throw error;
    // An invoice changed between the charge and its booking: settle each on its own, which re-reads it.
    for (const { attempt, reference } of succeeded) {
      try {
        await settlePayment(deps, attempt.payment, { status: 'succeeded', reference });
      } catch (settleError) {
        errors[attempt.index] = settleError;
      }
    }
  }

  // As a payment run alone would: a host left suspended for non-payment by an interrupted earlier
  // sync is reopened by the next payment on its (active) subscription.
  const paidHosts = succeeded.flatMap(({ attempt }) =>
    attempt.invoice.host_id ? [attempt.invoice.host_id] : [],
  );
  for (const hostId of await deps.tenancy.hosts.listSuspendedForNonPayment(paidHosts))
    await syncHostAccess(deps, hostId, 'active');

  for (const index of oneByOne) {
    const job = jobs[index]!;
    try {
      await chargeInvoice(deps, job.customerId, job.invoiceId, { kind: 'automatic', attempt: job.attempt });
    } catch (error) {
      errors[index] = error;
    }
  }
  return errors;
}

/**
 * Calls the gateway for each attempt: all at once where it can take many (`chargeMany`), else a few
 * at a time. 'unknown' where no answer came back; those attempts are marked unknown for reconciliation.
 */
async function chargeAll(
  deps: BillingDeps,
  attempts: ReadonlyArray<{ invoice: InvoiceRow; method: PaymentMethodRow; payment: PaymentRow }>,
): Promise<Array<ChargeResult | 'unknown'>> {
  const requests: ChargeRequest[] = attempts.map(({ invoice, method, payment }) => ({
    token: method.token,
    amount: payment.amount,
    currency: payment.currency,
    idempotencyKey: payment.idempotency_key,
    description: `Invoice ${invoice.number}`,
  }));
  const { gateway } = deps;
  let answers: Array<ChargeResult | { error: unknown }>;
  if (gateway.chargeMany) {
    answers = await gateway.chargeMany(requests).catch((error: unknown) => requests.map(() => ({ error })));
  } else {
    answers = new Array(requests.length);
    let next = 0;
    const lane = async () => {
      while (next < requests.length) {
        const position = next++;
        answers[position] = await gateway.charge(requests[position]!).catch((error: unknown) => ({ error }));
      }
    };
    await Promise.all(Array.from({ length: Math.min(GATEWAY_LANES, requests.length) }, lane));
  }
  const results: Array<ChargeResult | 'unknown'> = [];
  for (const [position, answer] of answers.entries()) {
    const { payment } = attempts[position]!;
    if ('error' in answer) {
      deps.logger.warn(
        { err: answer.error, paymentId: payment.id },
        'charge outcome unknown; left for reconciliation',
      );
      await markUnknown(deps, payment);
      results.push('unknown');
      continue;
    }
    deps.afterGatewayCharge?.(payment.idempotency_key);
    results.push(answer);
  }
  return results;
}

async function markUnknown(deps: BillingDeps, payment: PaymentRow): Promise<void> {
  await updatePayment(deps.db, payment.customer_id, payment.id, ['pending'], {
    status: 'unknown',
    updated_at: nowIso(deps),
  });
}

/**
 * Books successful charges as applyPayment does, for all at once: attempt rows succeeded, cash in
 * and receivable down, invoices paid, receipts mailed. Each invoice was open and unpaid when it was
 * charged and the payment was exactly its amount due; if that no longer holds for every one, the
 * transaction rolls back and the caller settles them one by one.
 */
async function bookSuccesses(
  deps: BillingDeps,
  succeeded: ReadonlyArray<{
    attempt: { invoice: InvoiceRow; method: PaymentMethodRow; payment: PaymentRow };
    reference: string;
  }>,
): Promise<void> {
  if (succeeded.length === 0) return;
  const now = nowIso(deps);
  const customerIds = [...new Set(succeeded.map(({ attempt }) => attempt.payment.customer_id))];
  const [profileRows, contacts] = await Promise.all([
    findProfiles(deps.db, customerIds),
    findBillingContacts(deps.db, customerIds),
  ]);
  const profiles = new Map(profileRows.map((row) => [row.customer_id, row]));
  await deps.db.transaction().execute(async (tx) => {
    const moved = await markPaymentsSucceeded(
      tx,
      succeeded.map(({ attempt, reference }) => ({ id: attempt.payment.id, reference })),
      now,
    );
    // Someone else settled an attempt in between (the reconciler, a webhook): theirs stands.
    const mine = succeeded.filter(({ attempt }) => moved.has(attempt.payment.id));
    const current = new Map(
      (
        await findInvoicesByIds(
          tx,
          mine.map(({ attempt }) => attempt.invoice.id),
        )
      ).map((i) => [i.id, i]),
    );
    for (const { attempt } of mine) {
      const invoice = current.get(attempt.invoice.id);
      if (!invoice || amountDue(invoice) !== attempt.payment.amount || invoice.amount_paid !== 0)
        throw new BatchChangedUnderUs();
    }
    const ledger: LedgerEntryRow[] = [];
    for (const { attempt } of mine) {
      const { payment, invoice } = attempt;
      const transactionId = deps.newId('ltx');
      for (const leg of [
        { account: 'cash' as const, amount: payment.amount },
        { account: 'receivable' as const, amount: -payment.amount },
      ]) {
        ledger.push({
          id: deps.newId('led'),
          transaction_id: transactionId,
          customer_id: payment.customer_id,
          account: leg.account,
          currency: payment.currency,
          amount: leg.amount,
          invoice_id: invoice.id,
          payment_id: payment.id,
          memo: `payment for ${invoice.number}`,
          created_at: now,
        });
      }
    }
    await insertLedgerEntries(tx, ledger);
    const paid = await markInvoicesPaid(
      tx,
      mine.map(({ attempt }) => attempt.invoice.id),
      now,
    );
    if (paid !== mine.length) throw new BatchChangedUnderUs();
    const receipts = mine.flatMap(({ attempt }) => {
      const { invoice, payment, method } = attempt;
      const paidInvoice = {
        ...current.get(invoice.id)!,
        status: 'paid' as const,
        amount_paid: payment.amount,
      };
      const message = billingMessage(
        deps,
        {
          kind: 'receipt',
          invoice: invoiceFacts(paidInvoice),
          amount: payment.amount,
          brand: method.brand,
          last4: method.last4,
        },
        toProfile(payment.customer_id, profiles.get(payment.customer_id)),
        contacts.get(payment.customer_id)!,
      );
      return message ? [message] : [];
    });
    if (receipts.length > 0) await deps.mailer.sendMany(receipts, { tx });
  });
}
