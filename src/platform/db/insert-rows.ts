import { CompiledQuery, type Insertable, type Kysely, type Transaction } from 'kysely';
import { chunks } from '../../lib/chunks.js';
import { isPostgres } from './database.js';

type Bindable = string | number | bigint | null | Buffer;

export interface InsertRowsOptions<Tables, T extends keyof Tables> {
  /** Skip rows that would violate a unique key: on these columns only, or (`true`) on any. */
  skipConflicts?: ReadonlyArray<keyof Tables[T] & string> | true;
  /** One column to read back from the rows actually written. */
  returning?: keyof Tables[T] & string;
}

// Both drivers cap bound parameters (SQLite 32,766, PostgreSQL 65,535); stay under the lower.
const MAX_PARAMETERS = 32_000;
const MAX_ROWS = 500;

const statements = new Map<string, string>();

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

function statementFor(
  postgres: boolean,
  table: string,
  columns: string[],
  rowCount: number,
  skipConflicts: readonly string[] | true | undefined,
  returning: string | undefined,
): string {
  const key = `${postgres ? 'p' : 's'}|${table}|${columns.join(',')}|${rowCount}|${String(skipConflicts)}|${returning}`;
  let text = statements.get(key);
  if (text === undefined) {
    let parameter = 0;
    const tuple = () => `(${columns.map(() => (postgres ? `$${++parameter}` : '?')).join(', ')})`;
    const tuples = Array.from({ length: rowCount }, tuple).join(', ');
    text = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values ${tuples}`;
    if (skipConflicts === true) text += ' on conflict do nothing';
    else if (skipConflicts) text += ` on conflict (${skipConflicts.map(quote).join(', ')}) do nothing`;
    if (returning) text += ` returning ${quote(returning)}`;
    // Bulk paths repeat the same few shapes (a full page, then the remainder), so this stays small.
    if (statements.size >= 200) statements.clear();
    statements.set(key, text);
  }
  return text;
}

/**
 * A multi-row INSERT compiled straight to SQL text and a flat parameter list, for the bulk paths
 * (renewals, charges, the job queue, the mail outbox). The query builder builds and freezes an
 * operation node per value, which was a tenth of the 100,000-subscription renewal's CPU; rows here
 * are already plain column → value records, so that work buys nothing. Every row must carry the same
 * columns, with values a driver binds as they are (no booleans or dates: the schema stores integers
 * and ISO text). Returns the `returning` column's values of the rows written, else nothing.
 */
export async function insertRows<Tables, T extends keyof Tables & string>(
  // Both named, so that Tables is inferred from a transaction as from a handle.
  db: Kysely<Tables> | Transaction<Tables>,
  table: T,
  rows: ReadonlyArray<Insertable<Tables[T]>>,
  options: InsertRowsOptions<Tables, T> = {},
): Promise<unknown[]> {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]!);
  const postgres = isPostgres(db);
  const perStatement = Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / columns.length));
  const returned: unknown[] = [];
  for (const part of chunks(rows, perStatement)) {
    const parameters: Bindable[] = [];
    for (const row of part) {
      const record = row as Record<string, unknown>;
      if (Object.keys(record).length !== columns.length)
        throw new TypeError(`insertRows(${table}): every row must have the columns ${columns.join(', ')}`);
      for (const column of columns) {
        const value = record[column];
        if (value === undefined)
          throw new TypeError(`insertRows(${table}): row without a value for ${column}`);
        parameters.push(value as Bindable);
      }
    }
    const text = statementFor(
      postgres,
      table,
      columns,
      part.length,
      options.skipConflicts,
      options.returning,
    );
    const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, parameters));
    if (options.returning) for (const row of result.rows) returned.push(row[options.returning]);
  }
  return returned;
}
