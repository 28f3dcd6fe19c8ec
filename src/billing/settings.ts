import type { TaxRate } from './math/tax.js';

/** The provider's billing policy. Every value has a default; createBilling takes overrides. */
export interface BillingSettings {
  /** Invoices are issued this many days before they fall due (WHMCS-style lead time). */
  invoiceDaysBeforeDue: number;
  /** Days after the due date on which the card is charged again; day 0 is the due date itself. */
  retryScheduleDays: number[];
  /** Days past due before an email warns that the host will be suspended. */
  suspensionWarningDays: number;
  /** Days past due before the IM host is suspended for non-payment. */
  suspendAfterDays: number;
  /** Days past due before the IM host is terminated. */
  terminateAfterDays: number;
  /** When a cheaper plan takes effect. Upgrades always take effect at once. */
  downgradeAt: 'period_end' | 'now';
  /** A payment attempt still pending after this long is reconciled with the gateway. */
  reconcileAfterMinutes: number;
  /** Warn this many days before the default card expires. */
  cardExpiryWarningDays: number;
  /** How many subscriptions the renewal sweep works on at once (database connections permitting). */
  renewalConcurrency: number;
  seller: { name: string; country: string; address: string; vatId: string | null; email: string | null };
  taxRates: TaxRate[];
}

export const defaultBillingSettings: BillingSettings = {
  invoiceDaysBeforeDue: 7,
  retryScheduleDays: [0, 3, 5, 7],
  suspensionWarningDays: 10,
  suspendAfterDays: 14,
  terminateAfterDays: 60,
  downgradeAt: 'period_end',
  reconcileAfterMinutes: 15,
  cardExpiryWarningDays: 30,
  renewalConcurrency: 8,
  seller: { name: 'imhost provider', country: 'DE', address: '', vatId: null, email: null },
  taxRates: [
    { country: 'DE', percent: '19', isInclusive: false },
    { country: 'FR', percent: '20', isInclusive: false },
    { country: 'NL', percent: '21', isInclusive: false },
    { country: 'AT', percent: '20', isInclusive: false },
  ],
};

export function resolveSettings(overrides: Partial<BillingSettings> = {}): BillingSettings {
  const settings = { ...defaultBillingSettings, ...overrides };
  if (
    settings.retryScheduleDays.length === 0 ||
    settings.retryScheduleDays.some((d, i, all) => d < 0 || (i > 0 && d <= all[i - 1]!))
  ) {
    throw new RangeError('retryScheduleDays must be ascending days ≥ 0');
  }
  if (!(settings.suspendAfterDays < settings.terminateAfterDays))
    throw new RangeError('suspension must come before termination');
  return settings;
}
