import type { Kysely } from 'kysely';

// Monitoring the customer sees: per host, the IM server's figures for each minute (kept 48 hours)
// and each hour (kept 90 days), plus each member's recent login attempts and last client. Rows
// carry the node that counted them, so several nodes write side by side and readers sum them.
// Delivery latency is kept as counts per fixed bucket (JSON), so hours and nodes merge exactly and
// percentiles are computed when read.
const SERIES_COLUMNS = [
  'sessions', // peak connected sessions in the period
  'logins_ok',
  'logins_wrong_password',
  'logins_disabled',
  'logins_suspended',
  'logins_throttled',
  'messages',
  'active_members', // peak members active in one minute
] as const;

async function createSeriesTable(db: Kysely<unknown>, table: string, periodColumn: string) {
  let builder = db.schema
    .createTable(table)
    .addColumn('host_id', 'text', (c) => c.notNull().references('hosts.id').onDelete('cascade'))
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn(periodColumn, 'text', (c) => c.notNull());
  for (const column of SERIES_COLUMNS)
    builder = builder.addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0));
  await builder
    // Bytes of uploaded files when last measured in the period; null where it was not measured.
    .addColumn('upload_bytes', 'bigint')
    .addColumn('latency_buckets', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${table}_pk`, ['host_id', periodColumn, 'node_id'])
    .execute();
  await db.schema.createIndex(`${table}_by_period`).on(table).column(periodColumn).execute();
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await createSeriesTable(db, 'monitoring_host_minutes', 'minute');
  await createSeriesTable(db, 'monitoring_host_hours', 'hour');

  await db.schema
    .createTable('monitoring_login_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('host_id', 'text', (c) => c.notNull().references('hosts.id').onDelete('cascade'))
    .addColumn('username', 'text', (c) => c.notNull())
    // ok | wrong_password | disabled | suspended | throttled
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('monitoring_login_attempts_by_member')
    .on('monitoring_login_attempts')
    .columns(['host_id', 'username', 'at'])
    .execute();
  await db.schema
    .createIndex('monitoring_login_attempts_by_host')
    .on('monitoring_login_attempts')
    .columns(['host_id', 'at'])
    .execute();

  // The client a member last signed in with: the resource at once, XEP-0092's answer when it comes.
  await db.schema
    .createTable('monitoring_member_clients')
    .addColumn('host_id', 'text', (c) => c.notNull().references('hosts.id').onDelete('cascade'))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('last_login_at', 'text', (c) => c.notNull())
    .addColumn('resource', 'text')
    .addColumn('software', 'text')
    .addColumn('software_version', 'text')
    .addColumn('os', 'text')
    .addPrimaryKeyConstraint('monitoring_member_clients_pk', ['host_id', 'username'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'monitoring_member_clients',
    'monitoring_login_attempts',
    'monitoring_host_hours',
    'monitoring_host_minutes',
  ])
    await db.schema.dropTable(table).execute();
}
