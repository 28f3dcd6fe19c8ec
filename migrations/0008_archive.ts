import type { Kysely } from 'kysely';

// XEP-0313 message archives: one row per message per archive that keeps it (a chat between two local
// users is in both), and each user's archiving preferences. Both belong to the member (host id and
// username, as in `members`), so deleting a member, or their host, deletes their archive with them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('xmpp_archive')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('host_id', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('peer_bare', 'text', (c) => c.notNull())
    .addColumn('peer_full', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('stanza', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addForeignKeyConstraint(
      'xmpp_archive_member',
      ['host_id', 'username'],
      'members',
      ['host_id', 'username'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
  // Queries and paging walk one user's archive in (created_at, id) order; retention purges by host.
  await db.schema
    .createIndex('xmpp_archive_owner')
    .on('xmpp_archive')
    .columns(['host_id', 'username', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('xmpp_archive_age')
    .on('xmpp_archive')
    .columns(['host_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('xmpp_archive_prefs')
    .addColumn('host_id', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('default_mode', 'text', (c) => c.notNull())
    .addColumn('always_jids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('never_jids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('xmpp_archive_prefs_pk', ['host_id', 'username'])
    .addForeignKeyConstraint(
      'xmpp_archive_prefs_member',
      ['host_id', 'username'],
      'members',
      ['host_id', 'username'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('xmpp_archive_prefs').execute();
  await db.schema.dropTable('xmpp_archive').execute();
}
