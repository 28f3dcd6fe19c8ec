import { formatInstant } from '../date-time';

/**
 * A billing date. Periods are cut at midnight in the customer's billing time zone, so they are shown
 * in that zone: a period starting 2026-01-14T23:00Z in Berlin reads "15 Jan 2026" everywhere, as on
 * the invoice PDF and in the emails.
 */
export function Day({ value, timeZone }: { value: string | null | undefined; timeZone: string }) {
  if (!value) return <span className="muted">—</span>;
  return <time dateTime={value}>{formatInstant(value, { timeZone, withTime: false })}</time>;
}

/** A billing period `[start, end)`: the end is the first moment no longer covered. */
export function Period({
  start,
  end,
  timeZone,
}: {
  start: string | null;
  end: string | null;
  timeZone: string;
}) {
  if (!start || !end) return <span className="muted">—</span>;
  return (
    <span className="nowrap">
      <Day value={start} timeZone={timeZone} /> – <Day value={end} timeZone={timeZone} />
    </span>
  );
}
