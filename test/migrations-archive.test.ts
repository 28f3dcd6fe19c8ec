/**
 * Migration 0014 turns the archive's row per copy into a row per message: existing archives must
 * read the same afterwards, and rolling back must give back a row per copy.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Migrator, sql } from 'kysely';
import { migrations } from '../migrations/index.js';
import { migrateToLatest, type Db } from '../src/platform/db/index.js';
import { createTestDatabase, testDialects } from './support/databases.js';

const AT = '2026-11-01T10:00:00.000Z';

async function seedMembers(db: Db): Promise<void> {
  await sql`insert into customers (id, name, created_at, updated_at) values ('cus_1', 'Club', ${AT}, ${AT})`.execute(
    db,
  );
  await sql`insert into hosts (id, customer_id, domain, status, created_at, updated_at)
            values ('host_1', 'cus_1', 'club.example', 'active', ${AT}, ${AT})`.execute(db);
  for (const username of ['ann', 'ben'])
    await sql`insert into members (id, host_id, username, status, scram_salt, scram_iterations,
                scram_sha1_stored_key, scram_sha1_server_key, scram_sha256_stored_key, scram_sha256_server_key,
                created_at, updated_at)
              values (${`mem_${username}`}, 'host_1', ${username}, 'active', 's', 4096, 'k', 'k', 'k', 'k', ${AT}, ${AT})`.execute(
      db,
    );
}

interface OldRow {
  id: string;
  username: string;
  peer_bare: string;
  peer_full: string;
  direction: string;
  stanza: string;
}

async function oldRows(db: Db): Promise<OldRow[]> {
  const { rows } = await sql<OldRow>`select id, username, peer_bare, peer_full, direction, stanza
                                     from xmpp_archive order by id`.execute(db);
  return rows;
}

for (const dialect of testDialects()) {
  describe(`archive migration 0014 on ${dialect}`, () => {
    it('keeps every copy when it merges the rows, and splits them again on the way back', async () => {
      const database = await createTestDatabase(dialect);
      const { db } = database;
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      try {
        await seedMembers(db);
        // Back to just before 0014, undoing whatever came after it on the way.
        const down = await migrator.migrateTo('0013_gateway_customers');
        assert.equal(down.error, undefined);
        assert.equal(down.results?.at(-1)?.migrationName, '0014_archive_one_row_per_message');
        const copies: OldRow[] = [
          {
            id: 'mam_1',
            username: 'ben',
            peer_bare: 'ann@club.example',
            peer_full: 'ann@club.example/phone',
            direction: 'in',
            stanza: '<message><body>hi ben</body></message>',
          },
          {
            id: 'mam_2',
            username: 'ann',
            peer_bare: 'ben@club.example',
            peer_full: 'ben@club.example',
            direction: 'out',
            stanza: '<message><body>hi ben</body></message>',
          },
        ];
        for (const c of copies)
          await sql`insert into xmpp_archive (id, host_id, username, peer_bare, peer_full, direction, stanza, created_at)
                    values (${c.id}, 'host_1', ${c.username}, ${c.peer_bare}, ${c.peer_full}, ${c.direction}, ${c.stanza}, ${AT})`.execute(
            db,
          );

        await migrateToLatest(db);
        const merged = await db.selectFrom('xmpp_archive_messages').selectAll().orderBy('id').execute();
        assert.deepEqual(
          merged.map((m) => [m.id, m.to_username, m.from_username, m.from_full, m.to_full]),
          [
            ['mam_1', 'ben', null, 'ann@club.example/phone', 'ben@club.example'],
            ['mam_2', null, 'ann', 'ann@club.example', 'ben@club.example'],
          ],
        );
        assert.ok(merged.every((m) => m.stanza === copies[0]!.stanza && m.created_at === AT));

        // A message both keep is one row now, and two copies again after a rollback.
        await db
          .insertInto('xmpp_archive_messages')
          .values({
            id: 'mam_3',
            to_host_id: 'host_1',
            to_username: 'ann',
            from_host_id: 'host_1',
            from_username: 'ben',
            from_bare: 'ben@club.example',
            from_full: 'ben@club.example/laptop',
            to_bare: 'ann@club.example',
            to_full: 'ann@club.example',
            stanza: '<message><body>hi ann</body></message>',
            created_at: AT,
          })
          .execute();
        assert.equal((await migrator.migrateTo('0013_gateway_customers')).error, undefined);
        const split = await oldRows(db);
        assert.deepEqual(
          split.map((r) => [r.id, r.username, r.direction, r.peer_full]),
          [
            ['mam_1', 'ben', 'in', 'ann@club.example/phone'],
            ['mam_2', 'ann', 'out', 'ben@club.example'],
            ['mam_3', 'ann', 'in', 'ben@club.example/laptop'],
            ['mam_3-out', 'ben', 'out', 'ann@club.example'],
          ],
        );
      } finally {
        await database.close();
      }
    });
  });
}
