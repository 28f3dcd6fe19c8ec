import type { Kysely } from 'kysely';

// Security audits of each IM host (weekly by the scheduler, and on demand): one row per run with
// every check's verdict as JSON, kept as the host's history. `new_failures` lists the checks that
// failed in this run but not in the one before it: those, and only those, were emailed.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('security_audits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('host_id', 'text', (c) => c.notNull().references('hosts.id').onDelete('cascade'))
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull()) // schedule | manual
    .addColumn('worst', 'text', (c) => c.notNull()) // pass | warn | fail
    .addColumn('results', 'text', (c) => c.notNull()) // JSON array of check results
    .addColumn('new_failures', 'text', (c) => c.notNull()) // JSON array of check ids
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('security_audits_host_order')
    .on('security_audits')
    .columns(['host_id', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('security_audits').execute();
}
