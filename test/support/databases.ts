import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  migrateToLatest,
  openDatabase,
  type DatabaseHandle,
  type Dialect,
} from '../../src/platform/db/index.js';

/**
 * Every database test runs on SQLite, and on PostgreSQL too when IMHOST_TEST_DATABASE_URL is set
 * (`.ci/run` sets it). Each test database is new: a temp SQLite file, or a fresh PostgreSQL database
 * created from the given server and dropped afterwards.
 */
export function testDialects(): Dialect[] {
  return process.env.IMHOST_TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface TestDatabase extends DatabaseHandle {
  /** The URL the handle was opened with, for a second process (CLI) to share the same database. */
  url: string;
  dataDir: string;
}

async function adminQuery(baseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'imhost-test-'));
  if (dialect === 'sqlite') {
    const url = `sqlite:${path.join(dataDir, 'imhost.sqlite')}`;
    const handle = openDatabase({ url, dataDir });
    await migrateToLatest(handle.db);
    return {
      ...handle,
      url,
      dataDir,
      close: async () => {
        await handle.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const baseUrl = process.env.IMHOST_TEST_DATABASE_URL;
  if (!baseUrl) throw new Error('IMHOST_TEST_DATABASE_URL is not set');
  const name = `imhost_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(baseUrl, `CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const handle = openDatabase({ url: url.toString(), dataDir });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    url: url.toString(),
    dataDir,
    close: async () => {
      await handle.close();
      await adminQuery(baseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
