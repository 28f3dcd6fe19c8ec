import type { Kysely } from 'kysely';

// XEP-0363 HTTP File Upload. A row is a slot: reserved by a member's request, filled by one HTTP
// PUT before it expires, then served by GET. The file itself lives under <data dir>/uploads/<host
// id>/<slot id>; only hashes of the URL secrets are stored. Rows go with their host; the files are
// removed by the server when the host or member goes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('xmpp_uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('host_id', 'text', (c) => c.notNull().references('hosts.id').onDelete('cascade'))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('put_secret_hash', 'text', (c) => c.notNull())
    .addColumn('get_secret_hash', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    // Null when the request named no type: the PUT may send any, and GET serves octet-stream.
    .addColumn('content_type', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('put_started_at', 'text')
    .addColumn('completed_at', 'text')
    .execute();
  await db.schema
    .createIndex('xmpp_uploads_owner')
    .on('xmpp_uploads')
    .columns(['host_id', 'username'])
    .execute();

  // One row per host that has asked for a slot. A slot reservation takes this row's lock (a no-op
  // upsert on PostgreSQL; SQLite runs one transaction at a time), so two concurrent requests are
  // counted against the quota one after the other.
  await db.schema
    .createTable('xmpp_upload_locks')
    .addColumn('host_id', 'text', (c) => c.primaryKey().references('hosts.id').onDelete('cascade'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('xmpp_upload_locks').execute();
  await db.schema.dropTable('xmpp_uploads').execute();
}
