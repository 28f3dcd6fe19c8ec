/**
 * Local calendar dates in an IANA time zone, and the instants where those dates begin. Billing
 * dates are computed as local dates and turned into instants only at the edges, so a DST change
 * never moves a billing day (the bug class behind most Kill Bill date issues).
 */
import { localDateOf, wallClockMs, type LocalDate } from '../../lib/time-zone.js';

function compareLocal(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** The first instant of `date` in `timeZone` (local midnight, or the first instant after a DST gap). */
export function startOfLocalDay(date: LocalDate, timeZone: string): Date {
  // A renewal sweep asks for the same few dates and zones over and over; Intl is the slow part.
  const key = `${date.year}-${date.month}-${date.day} ${timeZone}`;
  let start = startOfDayCache.get(key);
  if (start === undefined) {
    if (startOfDayCache.size >= START_OF_DAY_CACHE_SIZE) startOfDayCache.clear();
    start = computeStartOfLocalDay(date, timeZone);
    startOfDayCache.set(key, start);
  }
  return new Date(start);
}

const START_OF_DAY_CACHE_SIZE = 50_000;
const startOfDayCache = new Map<string, number>();

function computeStartOfLocalDay(date: LocalDate, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day);
  let instant = wall - (wallClockMs(wall, timeZone) - wall);
  instant = wall - (wallClockMs(instant, timeZone) - instant);
  // Where midnight does not exist (a DST jump at 00:00), step to the first hour of the day.
  while (compareLocal(localDateOf(new Date(instant), timeZone), date) < 0) instant += 3_600_000;
  while (compareLocal(localDateOf(new Date(instant - 1), timeZone), date) === 0) instant -= 3_600_000;
  return instant;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `anchor` plus `months`, with the day clamped to the month's length (Jan 31 + 1 → Feb 28/29). */
export function addMonthsClamped(anchor: LocalDate, months: number): LocalDate {
  const zeroBased = anchor.year * 12 + (anchor.month - 1) + months;
  const year = Math.floor(zeroBased / 12);
  const month = (zeroBased % 12) + 1;
  return { year, month, day: Math.min(anchor.day, daysInMonth(year, month)) };
}

export function parseLocalDate(text: string): LocalDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw new RangeError(`not a calendar date: ${text}`);
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > daysInMonth(date.year, date.month)) {
    throw new RangeError(`not a calendar date: ${text}`);
  }
  return date;
}
