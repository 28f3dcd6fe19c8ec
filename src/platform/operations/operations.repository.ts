/**
 * The SQL of operations: copying a SQLite file while it is in use, the database server's version
 * and size, whether a database holds anything, and the release feed's last result (in `settings`).
 */
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { isPostgres } from '../db/database.js';
import type { Db, PlatformDb } from '../db/index.js';

/**
 * A consistent copy of a SQLite database taken while the server may be writing to it: `VACUUM INTO`
 * reads one snapshot (WAL readers do not block writers) and writes a compact file without a log.
 */
export function snapshotSqliteFile(file: string, destination: string): void {
  const source = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    source.prepare('VACUUM INTO ?').run(destination);
  } finally {
    source.close();
  }
}

/** Whether the SQLite file holds any table (a file that exists but was never migrated does not). */
export function sqliteFileHasTables(file: string): boolean {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("select count(*) as n from sqlite_master where type = 'table'").get() as {
      n: number;
    };
    return row.n > 0;
  } finally {
    db.close();
  }
}

/** Whether the PostgreSQL database has any table in the schemas imhost uses. */
export async function postgresHasTables(db: Db): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from information_schema.tables where table_schema = current_schema()
  `.execute(db);
  return (rows[0]?.n ?? 0) > 0;
}

/** Empties the current schema for a restore over an existing database (`--force`). */
export async function emptyPostgresSchema(db: Db): Promise<void> {
  await sql`drop schema if exists public cascade`.execute(db);
  await sql`create schema public`.execute(db);
}

/** The server's own version string: `3.53.2` for SQLite, `15.18` for PostgreSQL. */
export async function databaseServerVersion(db: Db): Promise<string> {
  if (isPostgres(db)) {
    const { rows } = await sql<{
      version: string;
    }>`select current_setting('server_version') as version`.execute(db);
    return rows[0]?.version ?? 'unknown';
  }
  const { rows } = await sql<{ version: string }>`select sqlite_version() as version`.execute(db);
  return rows[0]?.version ?? 'unknown';
}

/** PostgreSQL's on-disk size of this database, for the disk-space pre-check. */
export async function postgresDatabaseBytes(db: Db): Promise<number> {
  const { rows } = await sql<{ bytes: number }>`
    select pg_database_size(current_database())::bigint as bytes
  `.execute(db);
  return Number(rows[0]?.bytes ?? 0);
}

export async function readSetting(db: PlatformDb, key: string): Promise<unknown> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row ? (JSON.parse(row.value) as unknown) : undefined;
}

export async function writeSetting(db: PlatformDb, key: string, value: unknown, now: string): Promise<void> {
  const text = JSON.stringify(value);
  await db
    .insertInto('settings')
    .values({ key, value: text, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: text, updated_at: now }))
    .execute();
}

/** The PostgreSQL server's own clock, for `imhost doctor` to compare with this machine's. */
export async function databaseClock(db: Db): Promise<Date> {
  const { rows } = await sql<{
    now: string;
  }>`select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as now`.execute(
    db,
  );
  return new Date(rows[0]!.now);
}
