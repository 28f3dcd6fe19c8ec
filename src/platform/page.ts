/**
 * Keyset pagination shared by every staff and customer list: newest first by id (ids sort by
 * creation), `before` is the id of the last item seen, and `nextCursor` is null on the last page.
 */
export interface PageQuery {
  limit: number;
  before?: string | undefined;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Repositories fetch `limit + 1` rows; the extra row only tells whether another page exists. */
export function toPage<Row extends { id: string }, T>(
  rows: Row[],
  limit: number,
  view: (row: Row) => T,
): Page<T> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows[pageRows.length - 1];
  return { items: pageRows.map(view), nextCursor: rows.length > limit && last ? last.id : null };
}
