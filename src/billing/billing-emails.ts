import { findBillingContacts } from '../accounts/index.js';
import type { OutgoingMail } from '../platform/index.js';
import type { BillingDeps, BillingDb } from './billing-deps.js';
import { formatDayIn } from '../lib/time-zone.js';
import { formatMoney } from './math/money.js';
import { loadProfile, type BillingProfile } from './profiles.js';

interface InvoiceFacts {
  number: string | null;
  total: number;
  amountDue: number;
  currency: string;
  dueAt: string;
}

export type BillingMail =
  | { kind: 'invoice_issued'; invoice: InvoiceFacts }
  | { kind: 'receipt'; invoice: InvoiceFacts; amount: number; brand: string | null; last4: string | null }
  | { kind: 'payment_failed'; invoice: InvoiceFacts; reason: string; nextAttemptAt: string | null }
  | { kind: 'card_expiring'; brand: string; last4: string; expMonth: number; expYear: number }
  | { kind: 'suspension_warning'; invoice: InvoiceFacts; suspendOn: string }
  | { kind: 'suspended'; domain: string }
  | { kind: 'terminated'; domain: string };

/** Dates read as calendar days in the customer's billing time zone, as on the invoice and the dashboard. */
export function composeBillingMail(
  mail: BillingMail,
  publicUrl: string,
  timeZone: string,
): { subject: string; text: string } {
  const link = `${publicUrl}/billing`;
  const day = (iso: string) => formatDayIn(iso, timeZone);
  switch (mail.kind) {
    case 'invoice_issued':
      return {
        subject: `Invoice ${mail.invoice.number}: ${formatMoney({ amount: mail.invoice.total, currency: mail.invoice.currency })}`,
        text: `Your invoice ${mail.invoice.number} for ${formatMoney({ amount: mail.invoice.total, currency: mail.invoice.currency })} is due on ${day(mail.invoice.dueAt)}. Amount due after account credit: ${formatMoney({ amount: mail.invoice.amountDue, currency: mail.invoice.currency })}.\nView and download it at ${link}`,
      };
    case 'receipt':
      return {
        subject: `Receipt for invoice ${mail.invoice.number}`,
        text: `We received ${formatMoney({ amount: mail.amount, currency: mail.invoice.currency })} for invoice ${mail.invoice.number}${mail.last4 ? ` from your ${mail.brand} card ending ${mail.last4}` : ''}. Thank you.\n${link}`,
      };
    case 'payment_failed':
      return {
        subject: `Payment failed for invoice ${mail.invoice.number}`,
        text: `We could not charge ${formatMoney({ amount: mail.invoice.amountDue, currency: mail.invoice.currency })} for invoice ${mail.invoice.number}: ${mail.reason}.\n${mail.nextAttemptAt ? `We will try again on ${day(mail.nextAttemptAt)}. ` : 'We will not retry automatically. '}Update your card or pay now at ${link}`,
      };
    case 'card_expiring':
      return {
        subject: 'Your card is about to expire',
        text: `Your ${mail.brand} card ending ${mail.last4} expires at the end of ${String(mail.expMonth).padStart(2, '0')}/${mail.expYear}. Add a new card at ${link} so your service continues.`,
      };
    case 'suspension_warning':
      return {
        subject: `Action needed: invoice ${mail.invoice.number} is overdue`,
        text: `Invoice ${mail.invoice.number} (${formatMoney({ amount: mail.invoice.amountDue, currency: mail.invoice.currency })}) was due on ${day(mail.invoice.dueAt)}. If it is not paid, your IM host will be suspended on ${day(mail.suspendOn)}. Pay at ${link}`,
      };
    case 'suspended':
      return {
        subject: `${mail.domain} is suspended for non-payment`,
        text: `Your IM host ${mail.domain} is suspended because an invoice is overdue. Members cannot sign in until it is paid; service resumes as soon as the payment arrives. Pay at ${link}`,
      };
    case 'terminated':
      return {
        subject: `${mail.domain} is terminated`,
        text: `Your IM host ${mail.domain} was terminated for non-payment. Contact us to export your data before it is deleted.`,
      };
  }
}

/** Stores the mail in the caller's transaction, so it goes out exactly when the change it reports commits. */
export async function sendBillingMail(
  tx: BillingDb,
  deps: Pick<BillingDeps, 'mailer' | 'publicUrl'>,
  customerId: string,
  mail: BillingMail,
  knownProfile?: BillingProfile,
): Promise<void> {
  const profile = knownProfile ?? (await loadProfile(tx, customerId));
  const contacts = (await findBillingContacts(tx, [customerId])).get(customerId)!;
  const message = billingMessage(deps, mail, profile, contacts);
  if (message) await deps.mailer.send(message, { tx });
}

/**
 * Who a customer's billing mail goes to: its owners and billing contacts, and the invoice email of
 * its billing profile when one is set, each address once whatever its case.
 */
export function billingRecipients(
  profile: Pick<BillingProfile, 'email'>,
  contacts: readonly string[],
): string[] {
  const byAddress = new Map<string, string>();
  for (const address of [...contacts, ...(profile.email ? [profile.email] : [])])
    if (!byAddress.has(address.toLowerCase())) byAddress.set(address.toLowerCase(), address);
  return [...byAddress.values()];
}

/**
 * The message a billing mail becomes, or null for a customer nobody can be mailed at. `contacts` are
 * the customer's owners and billing contacts (accounts' findBillingContacts).
 */
export function billingMessage(
  deps: Pick<BillingDeps, 'publicUrl'>,
  mail: BillingMail,
  profile: BillingProfile,
  contacts: readonly string[],
): OutgoingMail | null {
  const to = billingRecipients(profile, contacts);
  if (to.length === 0) return null;
  const { subject, text } = composeBillingMail(mail, deps.publicUrl, profile.timeZone);
  return { to, subject, text, headers: { 'X-Imhost-Billing': mail.kind } };
}
