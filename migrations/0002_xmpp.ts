import type { Kysely } from 'kysely';

// The XMPP server's own state: certificates per domain, rosters, offline messages, vCards,
// block lists and last activity. Every per-user table is keyed by host id first, so each query is
// scoped to one tenant, and rows go with their host.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tls_certificates')
    .addColumn('domain', 'text', (c) => c.primaryKey())
    .addColumn('cert_pem', 'text', (c) => c.notNull())
    .addColumn('key_pem', 'text', (c) => c.notNull())
    .addColumn('is_self_signed', 'integer', (c) => c.notNull())
    .addColumn('not_after', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('xmpp_roster_items')
    .addColumn('host_id', 'text', (c) => c.notNull().references('hosts.id').onDelete('cascade'))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('contact_jid', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('groups', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('subscription', 'text', (c) => c.notNull())
    .addColumn('ask_out', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pending_in', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('preapproved', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_listed', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('xmpp_roster_items_pk', ['host_id', 'username', 'contact_jid'])
    .execute();

  await db.schema
    .createTable('xmpp_roster_versions')
    .addColumn('host_id', 'text', (c) => c.notNull().references('hosts.id').onDelete('cascade'))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('xmpp_roster_versions_pk', ['host_id', 'username'])
    .execute();

  await db.schema
    .createTable('xmpp_offline_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('host_id', 'text', (c) => c.notNull().references('hosts.id').onDelete('cascade'))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('stanza', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('xmpp_offline_messages_user')
    .on('xmpp_offline_messages')
    .columns(['host_id', 'username', 'id'])
    .execute();

  await db.schema
    .createTable('xmpp_vcards')
    .addColumn('host_id', 'text', (c) => c.notNull().references('hosts.id').onDelete('cascade'))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('vcard', 'text', (c) => c.notNull())
    .addColumn('photo_hash', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('xmpp_vcards_pk', ['host_id', 'username'])
    .execute();

  await db.schema
    .createTable('xmpp_blocked_jids')
    .addColumn('host_id', 'text', (c) => c.notNull().references('hosts.id').onDelete('cascade'))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('blocked_jid', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('xmpp_blocked_jids_pk', ['host_id', 'username', 'blocked_jid'])
    .execute();

  await db.schema
    .createTable('xmpp_last_activity')
    .addColumn('host_id', 'text', (c) => c.notNull().references('hosts.id').onDelete('cascade'))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('logged_out_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('xmpp_last_activity_pk', ['host_id', 'username'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'xmpp_last_activity',
    'xmpp_blocked_jids',
    'xmpp_vcards',
    'xmpp_offline_messages',
    'xmpp_roster_versions',
    'xmpp_roster_items',
    'tls_certificates',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
