import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { AnyDb } from './scoped.js';
import type { Database } from './schema.js';
import { startCheckpointer, type Checkpointer, type CheckpointerOptions } from './sqlite-checkpointer.js';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Repositories accept either the root handle or a transaction. */
export type DbOrTx = Db | Tx;

export interface DatabaseHandle {
  db: Db;
  dialect: Dialect;
  /** For logs and `imhost migrate`: never contains a password. */
  description: string;
  /** A SQLite file's background checkpoints (see sqlite-checkpointer.ts); none on PostgreSQL. */
  checkpointer?: Checkpointer;
  close(): Promise<void>;
}

/** Whether a handle or transaction talks to PostgreSQL (else SQLite), for SQL that must differ. */
export function isPostgres(db: AnyDb): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

// PostgreSQL returns int8 as a string; our counters and minor-unit amounts fit in 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export function sqliteFileFor(dataDir: string): string {
  return path.join(dataDir, 'imhost.sqlite');
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every statement anew; preparing cost more than running them in the
 * billing renewal profile. Our queries repeat their SQL text (values are bound parameters), so keep
 * the prepared statements. Safe because Kysely runs one query at a time on the connection and we
 * never stream (a statement being iterated cannot be reused).
 */
function withStatementCache(sqlite: SQLite.Database): {
  prepare(sql: string): SQLite.Statement;
  close(): void;
} {
  const statements = new Map<string, SQLite.Statement>();
  return {
    prepare(sql) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement;
    },
    close: () => sqlite.close(),
  };
}

export function openDatabase(options: {
  url: string | undefined;
  dataDir: string;
  checkpoints?: CheckpointerOptions;
}): DatabaseHandle {
  const url = options.url;
  if (url && /^postgres(ql)?:/.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle client that loses its connection must not crash the process.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const parsed = new URL(url);
    return {
      db,
      dialect: 'postgres',
      description: `postgres://${parsed.host}${parsed.pathname}`,
      close: () => db.destroy(),
    };
  }
  const file = url?.startsWith('sqlite:') ? url.slice('sqlite:'.length) : sqliteFileFor(options.dataDir);
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // The CLI and the server may write at the same time; wait for the lock rather than fail.
  sqlite.pragma('busy_timeout = 5000');
  const checkpointer = file === ':memory:' ? undefined : startCheckpointer(sqlite, file, options.checkpoints);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    dialect: 'sqlite',
    description: `sqlite:${file}`,
    checkpointer,
    // The worker's connection goes first, so the last one to close checkpoints and removes the log.
    close: async () => {
      await checkpointer?.close();
      await db.destroy();
    },
  };
}
