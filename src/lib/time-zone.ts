/**
 * Instants read in an IANA time zone: the calendar day and wall-clock time a person there sees.
 * Billing builds its periods on these, and every area that shows a time to a customer (invoices,
 * billing mail, support mail) formats it here, in the customer's billing time zone.
 */
export interface LocalDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock reading of an instant in `timeZone`, as milliseconds of a UTC date with that reading. */
export function wallClockMs(instantMs: number, timeZone: string): number {
  if (timeZone === 'UTC') return instantMs;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

export function localDateOf(instant: Date, timeZone: string): LocalDate {
  const wall = new Date(wallClockMs(instant.getTime(), timeZone));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

export function formatLocalDate({ year, month, day }: LocalDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * How a person reads an instant of billing: its calendar day in the customer's billing time zone
 * (`2026-12-07`). Every invoice date in a PDF, an email or a support mail goes through here.
 */
export function formatDayIn(instant: string | Date, timeZone: string): string {
  return formatLocalDate(localDateOf(new Date(instant), timeZone));
}

/** An instant to the minute in a time zone, which it names: `2026-12-07 18:30 (Asia/Tokyo)`. */
export function formatMinuteIn(instant: string | Date, timeZone: string): string {
  const wall = new Date(wallClockMs(new Date(instant).getTime(), timeZone)).toISOString();
  return `${wall.slice(0, 10)} ${wall.slice(11, 16)} (${timeZone})`;
}
