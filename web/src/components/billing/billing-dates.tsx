const formats = new Map<string, Intl.DateTimeFormat>();

function dayFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', ...(timeZone ? { timeZone } : {}) });
    formats.set(key, format);
  }
  return format;
}

/**
 * A billing date. Periods are cut at midnight in the customer's billing time zone, so they are shown
 * in that zone: a period starting 2026-01-14T23:00Z in Berlin reads "15 Jan 2026" everywhere.
 */
export function Day({ value, timeZone }: { value: string | null | undefined; timeZone?: string }) {
  if (!value) return <span className="muted">—</span>;
  return <time dateTime={value}>{dayFormat(timeZone).format(new Date(value))}</time>;
}

/** A billing period `[start, end)`: the end is the first moment no longer covered. */
export function Period({
  start,
  end,
  timeZone,
}: {
  start: string | null;
  end: string | null;
  timeZone?: string;
}) {
  if (!start || !end) return <span className="muted">—</span>;
  return (
    <span className="nowrap">
      <Day value={start} timeZone={timeZone} /> – <Day value={end} timeZone={timeZone} />
    </span>
  );
}
