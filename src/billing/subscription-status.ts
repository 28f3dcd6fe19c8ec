import type { SubscriptionStatus } from '../platform/index.js';
import type { BillingSettings } from './settings.js';

const DAY_MS = 86_400_000;

/**
 * The status a live subscription should have now, from facts alone, so every path (payment,
 * dunning sweep, re-runs) converges on the same answer. An invoice counts as overdue once it is
 * past due and its first charge attempt has failed (or found no card).
 */
export function decideStatus(input: {
  current: SubscriptionStatus;
  now: Date;
  trialEndsAt: string | null;
  oldestOverdueDueAt: string | null;
  /** Whether the invoice of the first period is still open (only asked while `incomplete`). */
  isFirstInvoiceOpen: boolean;
  settings: Pick<BillingSettings, 'suspendAfterDays' | 'terminateAfterDays'>;
}): SubscriptionStatus {
  const { current, now, settings } = input;
  if (current === 'cancelled' || current === 'terminated') return current;
  if (input.oldestOverdueDueAt) {
    const daysOverdue = (now.getTime() - Date.parse(input.oldestOverdueDueAt)) / DAY_MS;
    if (daysOverdue >= settings.terminateAfterDays) return 'terminated';
    if (daysOverdue >= settings.suspendAfterDays) return 'suspended';
    return 'past_due';
  }
  if (input.trialEndsAt && now.getTime() < Date.parse(input.trialEndsAt)) return 'trial';
  // Without a trial, the first successful charge is what activates a subscription.
  if (current === 'incomplete' && input.isFirstInvoiceOpen) return 'incomplete';
  return 'active';
}
