/**
 * Rows per statement for set-based SQL: 500 rows of ~30 columns stay well under both databases'
 * limits on bound parameters (SQLite 32,766, PostgreSQL 65,535).
 */
export const ROWS_PER_STATEMENT = 500;

/** `items` cut into consecutive slices of at most `size`. */
export function chunks<T>(items: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let from = 0; from < items.length; from += size) out.push(items.slice(from, from + size));
  return out;
}
