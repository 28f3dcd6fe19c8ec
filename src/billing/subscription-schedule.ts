import type { PriceRow } from './catalog.repository.js';
import { formatLocalDate, localDateOf } from '../lib/time-zone.js';
import { parseLocalDate } from './math/calendar.js';
import { periodAt, periodContaining, type Anchor, type Period } from './math/periods.js';
import { parseMetered } from './metered.js';
import type { BillingSettings } from './settings.js';
import type { SubscriptionRow } from './subscriptions.repository.js';

const DAY_MS = 86_400_000;

export function anchorOf(sub: Pick<SubscriptionRow, 'anchor_date' | 'time_zone'>): Anchor {
  return { date: parseLocalDate(sub.anchor_date), timeZone: sub.time_zone };
}

/** The next period no invoice covers yet, and the price it will be billed at. */
export interface BillablePeriod {
  period: Period;
  price: PriceRow;
  /** Set when a cycle switch starts a new anchor at this period's start. */
  newAnchorDate: string | null;
}

export function nextBillablePeriod(
  sub: SubscriptionRow,
  price: PriceRow,
  scheduled: PriceRow | null,
): BillablePeriod {
  const anchor = anchorOf(sub);
  const next = periodAt(anchor, price.cycle, sub.invoiced_through + 1);
  if (scheduled && scheduled.cycle !== price.cycle) {
    // A new cycle cannot reuse the old anchor's grid, so it starts a new anchor where the old period ends.
    const date = localDateOf(next.start, anchor.timeZone);
    return {
      period: periodAt({ date, timeZone: anchor.timeZone }, scheduled.cycle, 0),
      price: scheduled,
      newAnchorDate: formatLocalDate(date),
    };
  }
  return { period: next, price: scheduled ?? price, newAnchorDate: null };
}

/**
 * When the invoice of a period is issued: N days before it starts, in advance. Pay-as-you-go prices
 * bill the previous period's usage in arrears, so theirs waits until the period starts.
 */
export function issueTimeOf(
  settings: Pick<BillingSettings, 'invoiceDaysBeforeDue'>,
  billable: BillablePeriod,
): Date {
  const isMetered = parseMetered(billable.price.metered).length > 0;
  return new Date(billable.period.start.getTime() - (isMetered ? 0 : settings.invoiceDaysBeforeDue * DAY_MS));
}

export function currentPeriod(sub: SubscriptionRow, price: PriceRow, at: Date): Period {
  return periodContaining(anchorOf(sub), price.cycle, at);
}

/** Periods already invoiced that have not ended by `at`: what a change or cancellation must prorate. */
export function invoicedOpenPeriods(sub: SubscriptionRow, price: PriceRow, at: Date): Period[] {
  const periods: Period[] = [];
  const first = Math.max(0, currentPeriod(sub, price, at).index);
  for (let index = first; index <= sub.invoiced_through; index++)
    periods.push(periodAt(anchorOf(sub), price.cycle, index));
  return periods.filter((p) => p.end > at);
}
