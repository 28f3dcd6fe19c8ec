import { nowIso, type BillingDeps } from './billing-deps.js';
import { sendBillingMail } from './billing-emails.js';
import { invoiceFacts } from './invoice-facts.js';
import { listOverdueInvoices, type InvoiceRow } from './invoices.repository.js';
import { listExpiringDefaultMethods, markExpiryWarned } from './payments.repository.js';
import { refreshSubscriptionStatus } from './refresh-subscription-status.js';

const DAY_MS = 86_400_000;
const BATCH = 200;

/**
 * The dunning sweep: for every overdue invoice, the subscription's status is recomputed (past due →
 * suspended → terminated by the settings, with the host following), and a suspension warning is
 * sent once. Each email is claimed by a conditional update in the same transaction, so re-runs send
 * nothing twice.
 */
export async function runDunning(deps: BillingDeps): Promise<{ refreshed: number; warned: number }> {
  const nowText = nowIso(deps);
  const refreshedSubscriptions = new Set<string>();
  let warned = 0;
  let afterId = '';
  for (;;) {
    const batch = await listOverdueInvoices(deps.db, nowText, afterId, BATCH);
    if (batch.length === 0) break;
    afterId = batch[batch.length - 1]!.id;
    for (const invoice of batch) {
      if (await warnOfSuspension(deps, invoice)) warned += 1;
      if (invoice.subscription_id && !refreshedSubscriptions.has(invoice.subscription_id)) {
        refreshedSubscriptions.add(invoice.subscription_id);
        await refreshSubscriptionStatus(deps, invoice.customer_id, invoice.subscription_id);
      }
    }
  }
  return { refreshed: refreshedSubscriptions.size, warned };
}

/**
 * Sends the suspension warning for an overdue invoice once it is due, exactly once (claimed by a
 * conditional update in the mail's transaction). Called by the sweep and right after a failed
 * attempt, so a failure found late (after downtime) warns in the same pass.
 */
export async function warnOfSuspension(deps: BillingDeps, invoice: InvoiceRow): Promise<boolean> {
  const daysOverdue = (deps.clock.nowMs() - Date.parse(invoice.due_at)) / DAY_MS;
  const isDue = invoice.status === 'open' && invoice.charge_attempts > 0 && !invoice.last_reminder_at;
  if (
    !isDue ||
    daysOverdue < deps.settings.suspensionWarningDays ||
    daysOverdue >= deps.settings.suspendAfterDays
  )
    return false;
  const nowText = nowIso(deps);
  const suspendOn = new Date(
    Date.parse(invoice.due_at) + deps.settings.suspendAfterDays * DAY_MS,
  ).toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const claimed = await tx
      .updateTable('billing_invoices')
      .set({ last_reminder_at: nowText })
      .where('customer_id', '=', invoice.customer_id)
      .where('id', '=', invoice.id)
      .where('last_reminder_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return false;
    await sendBillingMail(tx, deps, invoice.customer_id, {
      kind: 'suspension_warning',
      invoice: invoiceFacts(invoice),
      suspendOn,
    });
    return true;
  });
}

/** Warns once about each default card that expires within the warning window. */
export async function warnExpiringCards(deps: BillingDeps): Promise<number> {
  const horizon = new Date(deps.clock.nowMs() + deps.settings.cardExpiryWarningDays * DAY_MS);
  const horizonMonth = horizon.getUTCFullYear() * 12 + horizon.getUTCMonth() + 1;
  let warned = 0;
  for (const method of await listExpiringDefaultMethods(deps.db, horizonMonth)) {
    const sent = await deps.db.transaction().execute(async (tx) => {
      if (!(await markExpiryWarned(tx, method.customer_id, method.id, nowIso(deps)))) return false;
      await sendBillingMail(tx, deps, method.customer_id, {
        kind: 'card_expiring',
        brand: method.brand,
        last4: method.last4,
        expMonth: method.exp_month,
        expYear: method.exp_year,
      });
      return true;
    });
    if (sent) warned += 1;
  }
  return warned;
}
