const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A timestamp in the reader's locale, or a dash when there is none. */
export function DateTime({ value, never = '—' }: { value: string | null | undefined; never?: string }) {
  if (!value) return <span className="muted">{never}</span>;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return <span>{value}</span>;
  return <time dateTime={value}>{format.format(date)}</time>;
}
