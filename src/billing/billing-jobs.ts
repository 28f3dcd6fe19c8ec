import type { BillingDeps } from './billing-deps.js';
import { chargeInvoices } from './charge-batch.js';
import { CHARGE_INVOICE_JOB, type ChargeJobPayload } from './charge-schedule.js';
import { reconcilePayments } from './reconcile-payments.js';
import { renewDueSubscriptions } from './renew-due-subscriptions.js';
import { runDunning, warnExpiringCards } from './run-dunning.js';
import { snapshotActiveMembers } from './snapshot-active-members.js';
import { forgetOldUsageBatches } from './record-usage.js';
import type { TickSummary } from './views.js';

export type { TickSummary };

export const BILLING_TICK_JOB = 'billing.tick';

/** One pass of all periodic billing work, in the order that lets each step see the previous one's results. */
export async function runBillingTick(deps: BillingDeps): Promise<TickSummary> {
  const reconciled = await reconcilePayments(deps);
  // Before renewals, so the period a renewal rates has its closing count of active members.
  await snapshotActiveMembers(deps);
  await forgetOldUsageBatches(deps);
  const renewals = await renewDueSubscriptions(deps);
  const dunning = await runDunning(deps);
  const cardsWarned = await warnExpiringCards(deps);
  return { reconciled, renewals, dunning, cardsWarned };
}

/**
 * Billing work runs in the durable scheduler: an hourly sweep, and one job per automatic charge
 * attempt (enqueued when an invoice is issued or an attempt fails, keyed by invoice and attempt).
 */
export function defineBillingJobs(deps: BillingDeps): void {
  deps.jobs.define(BILLING_TICK_JOB, async () => {
    await runBillingTick(deps);
  });
  deps.jobs.every(BILLING_TICK_JOB, '0 * * * *');
  // Charge jobs due together (a renewal run's) are taken many at a time; see chargeInvoices.
  deps.jobs.defineBatch<ChargeJobPayload>(
    CHARGE_INVOICE_JOB,
    (jobs) =>
      chargeInvoices(
        deps,
        jobs.map(({ payload }) => payload),
      ),
    { maxAttempts: 10, batchSize: 500 },
  );
}
