import { findBillingContacts } from '../accounts/index.js';
import { isUniqueViolation, type OutgoingMail } from '../platform/index.js';
import { nowIso, type BillingDeps } from './billing-deps.js';
import { billingMessage } from './billing-emails.js';
import {
  advanceSubscriptions,
  creditBalances,
  findProfiles,
  insertInvoices,
  subscriptionsWithOverdueInvoices,
} from './batch.repository.js';
import type { CatalogCache } from './catalog-cache.js';
import { CHARGE_INVOICE_JOB, chargeTimeFor, type ChargeJobPayload } from './charge-schedule.js';
import { invoiceFacts } from './invoice-facts.js';
import { takeNumbers, type InvoiceLineRow, type InvoiceRow } from './invoices.repository.js';
import { draftRows } from './draft-invoice.js';
import { priceFor } from './price-invoice.js';
import { insertLedgerEntries, type LedgerEntryRow } from './ledger.repository.js';
import type { DraftLine } from './math/invoice-math.js';
import type { Period } from './math/periods.js';
import { parseMetered } from './metered.js';
import { periodLines } from './period-lines.js';
import { toProfile, type BillingProfile } from './profiles.js';
import { issueTimeOf, nextBillablePeriod } from './subscription-schedule.js';
import type { SubscriptionRow } from './subscriptions.repository.js';

const SERIES = 'INV';

class PageChangedUnderUs extends Error {}

/** What the next period's invoice holds, before pricing. */
interface PeriodIssue {
  currency: string;
  period: Period;
  drafts: DraftLine[];
}

/**
 * The renewal sweep's fast path, for a page of subscriptions: the common case, an active
 * subscription with nothing special about it whose next period is due for invoicing, is issued
 * set-based, the whole page in one transaction of a few statements. Everything else goes back to
 * the caller for `renewSubscription`, one by one: trials, coupons, pending or scheduled changes,
 * cancellations, pay-as-you-go usage, account credit to spend, a total that is not positive, an
 * overdue invoice (the status may move), and catching up more than one period.
 *
 * Both paths write the same rows: the invoice under the same obligation key (so the unique key still
 * makes a second invoice for a period impossible), a number from the same gapless series, the same
 * ledger legs, the same email and the same charge job with the same dedupe key. If anything in the
 * page changed under us (another worker, a customer's edit) the whole transaction rolls back and
 * every subscription of the page takes the one-by-one path, which handles those races already.
 */
export async function renewPage(
  deps: BillingDeps,
  catalog: CatalogCache,
  page: SubscriptionRow[],
): Promise<{ issued: number; rest: SubscriptionRow[] }> {
  const now = deps.clock.now();
  const nowText = nowIso(deps);
  const rest: SubscriptionRow[] = [];
  const plain: SubscriptionRow[] = [];
  for (const sub of page) (isPlain(sub) ? plain : rest).push(sub);
  const overdue = await subscriptionsWithOverdueInvoices(
    deps.db,
    plain.map((sub) => sub.id),
    nowText,
  );

  const due: Array<{ sub: SubscriptionRow; issue: PeriodIssue }> = [];
  for (const sub of plain) {
    if (overdue.has(sub.id)) {
      rest.push(sub);
      continue;
    }
    const issue = await planIssue(deps, catalog, sub, now);
    if (issue === 'idle') continue; // active, nothing overdue, nothing due: the slow path would do nothing either
    if (issue === 'slow') rest.push(sub);
    else due.push({ sub, issue });
  }
  if (due.length === 0) return { issued: 0, rest };

  const customerIds = [...new Set(due.map(({ sub }) => sub.customer_id))];
  const [profileRows, credits, contacts] = await Promise.all([
    findProfiles(deps.db, customerIds),
    creditBalances(deps.db, customerIds),
    findBillingContacts(deps.db, customerIds),
  ]);
  const profiles = new Map(profileRows.map((row) => [row.customer_id, row]));
  const hasCredit = new Set(
    credits.filter((credit) => credit.balance < 0).map((credit) => `${credit.customerId}|${credit.currency}`),
  );

  const batch: Array<{
    sub: SubscriptionRow;
    invoice: InvoiceRow;
    lines: InvoiceLineRow[];
    profile: BillingProfile;
  }> = [];
  for (const { sub, issue } of due) {
    if (hasCredit.has(`${sub.customer_id}|${issue.currency}`)) {
      rest.push(sub); // credit pays (part of) the invoice: the one-by-one path books that
      continue;
    }
    const profile = toProfile(sub.customer_id, profiles.get(sub.customer_id));
    const quote = priceFor(deps, profile, issue.currency, issue.drafts, null);
    if (quote.total <= 0) {
      rest.push(sub);
      continue;
    }
    const period = issue.period;
    const draft = draftRows(
      deps,
      {
        customerId: sub.customer_id,
        subscriptionId: sub.id,
        hostId: sub.host_id,
        kind: 'renewal',
        obligationKey: `${sub.id}:${period.start.toISOString()}:period`,
        currency: issue.currency,
        drafts: issue.drafts,
        coupon: null,
        dueAt: period.start,
        period,
      },
      profile,
      quote,
    );
    // Finalised as it is written (finalizeInvoice's state); the number comes once the page's count is known.
    const invoice: InvoiceRow = {
      ...draft.invoice,
      status: 'open',
      issued_at: nowText,
      next_charge_at: chargeTimeFor(deps, period.start.toISOString(), 0)!.toISOString(),
    };
    const lines = draft.lines;
    batch.push({ sub, invoice, lines, profile });
  }
  if (batch.length === 0) return { issued: 0, rest };

  try {
    await deps.db.transaction().execute(async (tx) => {
      const last = await takeNumbers(tx, SERIES, batch.length);
      const ledger: LedgerEntryRow[] = [];
      const mails: OutgoingMail[] = [];
      for (const [index, { invoice, profile }] of batch.entries()) {
        invoice.number = `INV-${String(last - batch.length + 1 + index).padStart(6, '0')}`;
        ledger.push(...finalisingEntries(deps, invoice, nowText));
        const mail = billingMessage(
          deps,
          { kind: 'invoice_issued', invoice: invoiceFacts(invoice) },
          profile,
          contacts.get(invoice.customer_id)!,
        );
        if (mail) mails.push(mail);
      }
      await insertInvoices(
        tx,
        batch.map((item) => item.invoice),
        batch.flatMap((item) => item.lines),
      );
      await insertLedgerEntries(tx, ledger);
      await deps.jobs.enqueueMany<ChargeJobPayload>(
        CHARGE_INVOICE_JOB,
        batch.map(({ invoice }) => {
          const at = new Date(invoice.next_charge_at!);
          return {
            payload: { customerId: invoice.customer_id, invoiceId: invoice.id, attempt: 0 },
            runAt: at < now ? now : at,
            dedupeKey: `charge:${invoice.id}:0`,
          };
        }),
        { tx },
      );
      if (mails.length > 0) await deps.mailer.sendMany(mails, { tx });
      const moved = await advanceSubscriptions(
        tx,
        batch.map(({ sub }) => ({ id: sub.id, updatedAt: sub.updated_at })),
        nowText,
      );
      if (moved !== batch.length) throw new PageChangedUnderUs();
    });
  } catch (error) {
    if (!(error instanceof PageChangedUnderUs) && !isUniqueViolation(error)) throw error;
    // Another worker got there first, or a row changed: the one-by-one path sorts each out.
    return { issued: 0, rest: [...rest, ...batch.map(({ sub }) => sub)] };
  }
  // A subscription that was down long enough to owe more than one period goes on one by one.
  for (const { sub } of batch) {
    const advanced = { ...sub, invoiced_through: sub.invoiced_through + 1, updated_at: nowText };
    if ((await planIssue(deps, catalog, advanced, now)) !== 'idle') rest.push(advanced);
  }
  return { issued: batch.length, rest };
}

/** Nothing about it needs the one-by-one path's special cases (metered prices are checked later). */
function isPlain(sub: SubscriptionRow): boolean {
  return (
    sub.status === 'active' &&
    sub.ended_at === null &&
    sub.cancel_at === null &&
    sub.pending_price_id === null &&
    sub.pending_from === null &&
    sub.scheduled_price_id === null &&
    sub.coupon_id === null &&
    sub.invoiced_through >= 0
  );
}

/** The next period's invoice content if it is due now; 'idle' if not; 'slow' for the one-by-one path. */
async function planIssue(
  deps: BillingDeps,
  catalog: CatalogCache,
  sub: SubscriptionRow,
  now: Date,
): Promise<PeriodIssue | 'idle' | 'slow'> {
  const price = await catalog.price(sub.price_id);
  if (!price || parseMetered(price.metered).length > 0) return 'slow';
  const billable = nextBillablePeriod(sub, price, null);
  if (now < issueTimeOf(deps.settings, billable)) return 'idle';
  const plan = await catalog.plan(price.plan_id);
  if (!plan) return 'slow';
  return {
    currency: price.currency,
    period: billable.period,
    drafts: periodLines({
      plan,
      price,
      seats: sub.seats,
      period: billable.period,
      isFirst: false,
      usage: [],
    }),
  };
}

/** The legs finalizeInvoice posts for a positive invoice: receivable against revenue and tax. */
function finalisingEntries(deps: BillingDeps, invoice: InvoiceRow, createdAt: string): LedgerEntryRow[] {
  const transactionId = deps.newId('ltx');
  const legs = [
    { account: 'receivable' as const, amount: invoice.total },
    { account: 'revenue' as const, amount: -(invoice.total - invoice.tax) },
    { account: 'tax_payable' as const, amount: -invoice.tax },
  ].filter((leg) => leg.amount !== 0);
  return legs.map((leg) => ({
    id: deps.newId('led'),
    transaction_id: transactionId,
    customer_id: invoice.customer_id,
    account: leg.account,
    currency: invoice.currency,
    amount: leg.amount,
    invoice_id: invoice.id,
    payment_id: null,
    memo: `invoice ${invoice.number} finalised`,
    created_at: createdAt,
  }));
}
