const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * The one place the dashboard turns an instant into text, in the reader's locale. Billing dates
 * pass the customer's billing time zone, so they read as on the invoice PDF and in the emails; other
 * timestamps (sessions, tickets, the audit log) read in the reader's own zone.
 */
export function formatInstant(
  value: string,
  { timeZone, withTime }: { timeZone?: string | undefined; withTime: boolean },
): string {
  const key = `${withTime ? 'time' : 'day'} ${timeZone ?? ''}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(undefined, {
      dateStyle: 'medium',
      ...(withTime ? { timeStyle: 'short' } : {}),
      ...(timeZone ? { timeZone } : {}),
    });
    formats.set(key, format);
  }
  return format.format(new Date(value));
}

/** A timestamp, in `timeZone` or the reader's own, or a dash when there is none. */
export function DateTime({
  value,
  never = '—',
  timeZone,
}: {
  value: string | null | undefined;
  never?: string;
  timeZone?: string;
}) {
  if (!value) return <span className="muted">{never}</span>;
  if (Number.isNaN(new Date(value).getTime())) return <span>{value}</span>;
  return <time dateTime={value}>{formatInstant(value, { timeZone, withTime: true })}</time>;
}
