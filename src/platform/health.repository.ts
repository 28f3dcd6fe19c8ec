/** The readiness probe's query: the cheapest statement that proves the database answers. */
import { sql } from 'kysely';
import type { Db } from './db/index.js';

export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
