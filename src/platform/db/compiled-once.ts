import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import { isPostgres } from './database.js';
import type { Database } from './schema.js';

const SLOT = Symbol('compiled-once slot');
interface Slot {
  readonly [SLOT]: string;
}

function isSlot(value: unknown): value is Slot {
  return typeof value === 'object' && value !== null && SLOT in value;
}

/** Where a slot is asked for, the query gets a stand-in that `run` later swaps for the value. */
export type SlotOf<Args> = <K extends keyof Args & string>(name: K) => Args[K];

/**
 * A query for a hot path, built and compiled once per SQL dialect instead of on every call: the query
 * builder makes, freezes and walks a tree of operation nodes per call, which was about a tenth of the
 * server's JavaScript time per XMPP login. `build` receives `slot(name)` to use wherever a value goes;
 * each run binds that run's `args` in their places, and everything else compiled in stays as it was.
 * Only values may be slots, never identifiers or the shape of the query (those would be compiled in).
 * An area passes its own `Tables`, so the query sees only its tables.
 */
export function compiledOnce<Args extends Record<string, unknown>, Row, Tables = Database>(
  build: (db: Kysely<Tables>, slot: SlotOf<Args>) => Compilable<Row>,
): (db: Kysely<Tables>, args: Args) => Promise<Row[]> {
  // Per dialect: SQLite and PostgreSQL compile the same query to different text.
  const compiled = new Map<boolean, { sql: string; parameters: readonly unknown[] }>();
  const slot = ((name: string) => ({ [SLOT]: name })) as unknown as SlotOf<Args>;
  return async (db, args) => {
    const dialect = isPostgres(db);
    let query = compiled.get(dialect);
    if (!query) {
      const { sql, parameters } = build(db, slot).compile();
      query = { sql, parameters };
      compiled.set(dialect, query);
    }
    const parameters = query.parameters.map((value) => {
      if (!isSlot(value)) return value;
      const bound = args[value[SLOT]];
      if (bound === undefined) throw new TypeError(`compiledOnce: no value for ${value[SLOT]}`);
      return bound;
    });
    const result = await db.executeQuery<Row>(CompiledQuery.raw(query.sql, parameters));
    return result.rows;
  };
}
