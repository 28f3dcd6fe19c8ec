import { localDateOf, type LocalDate } from '../../lib/time-zone.js';
import { addMonthsClamped, startOfLocalDay } from './calendar.js';

export type Cycle = 'monthly' | 'quarterly' | 'annual';
export const CYCLES: readonly Cycle[] = ['monthly', 'quarterly', 'annual'];
export const CYCLE_MONTHS: Record<Cycle, number> = { monthly: 1, quarterly: 3, annual: 12 };

/** The stored anchor: a local calendar date in the customer's IANA time zone. */
export interface Anchor {
  date: LocalDate;
  timeZone: string;
}

/** A billing period, half-open: [start, end). */
export interface Period {
  index: number;
  start: Date;
  end: Date;
}

/**
 * Period `index` is always derived from the original anchor (anchor + index × interval, clamped),
 * never chained from the previous period, so a Jan 31 anchor gives Feb 28/29, Mar 31, Apr 30 and
 * never drifts to the 28th. Do not change this function: stored invoice periods came from it.
 */
export function periodAt(anchor: Anchor, cycle: Cycle, index: number): Period {
  const months = CYCLE_MONTHS[cycle];
  return {
    index,
    start: startOfLocalDay(addMonthsClamped(anchor.date, index * months), anchor.timeZone),
    end: startOfLocalDay(addMonthsClamped(anchor.date, (index + 1) * months), anchor.timeZone),
  };
}

/** The period containing `instant` (index may be negative before the anchor). */
export function periodContaining(anchor: Anchor, cycle: Cycle, instant: Date): Period {
  const local = localDateOf(instant, anchor.timeZone);
  const monthsSince = (local.year - anchor.date.year) * 12 + (local.month - anchor.date.month);
  let index = Math.floor(monthsSince / CYCLE_MONTHS[cycle]);
  let period = periodAt(anchor, cycle, index);
  while (instant < period.start) period = periodAt(anchor, cycle, --index);
  while (instant >= period.end) period = periodAt(anchor, cycle, ++index);
  return period;
}
