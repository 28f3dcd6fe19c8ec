import type { BillingDeps, BillingDb } from './billing-deps.js';

export const CHARGE_INVOICE_JOB = 'billing.charge-invoice';
const DAY_MS = 86_400_000;

export interface ChargeJobPayload {
  customerId: string;
  invoiceId: string;
  /** Which automatic attempt this is (0-based); a job for an attempt already made does nothing. */
  attempt: number;
}

/** When automatic attempt `attempt` (0-based) falls, by the retry schedule; null when none is left. */
export function chargeTimeFor(
  deps: Pick<BillingDeps, 'settings'>,
  dueAt: string,
  attempt: number,
): Date | null {
  const offsetDays = deps.settings.retryScheduleDays[attempt];
  return offsetDays === undefined ? null : new Date(Date.parse(dueAt) + offsetDays * DAY_MS);
}

/**
 * Enqueues automatic attempt `attempt` in the caller's transaction. The dedupe key names the invoice
 * and the attempt, so re-running whatever scheduled it never queues a second charge for that slot.
 */
export async function scheduleCharge(
  tx: BillingDb,
  deps: Pick<BillingDeps, 'jobs' | 'clock'>,
  payload: ChargeJobPayload,
  runAt: Date,
): Promise<void> {
  const at = runAt < deps.clock.now() ? deps.clock.now() : runAt;
  await deps.jobs.enqueue<ChargeJobPayload>(CHARGE_INVOICE_JOB, payload, {
    tx,
    runAt: at,
    dedupeKey: `charge:${payload.invoiceId}:${payload.attempt}`,
  });
}
