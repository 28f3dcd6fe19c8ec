import type { Kysely } from 'kysely';

// "Check my IM host" keeps each report it ran, so the customer can attach one to a support ticket
// (and see it again) without running the check twice. Reports never hold a password.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('diagnostic_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('host_id', 'text', (c) => c.notNull().references('hosts.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('diagnostic_reports_by_host')
    .on('diagnostic_reports')
    .columns(['host_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('diagnostic_reports').execute();
}
