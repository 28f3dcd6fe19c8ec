import type { Kysely } from 'kysely';

// The limits a host's plan grants, as tenancy enforces them. Billing writes them when a subscription
// starts, changes plan or ends; a host without a row has no plan and no limits.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('host_entitlements')
    .addColumn('host_id', 'text', (c) => c.primaryKey().references('hosts.id').onDelete('cascade'))
    .addColumn('max_members', 'integer', (c) => c.notNull())
    .addColumn('upload_quota_mb', 'integer', (c) => c.notNull())
    .addColumn('archive_retention_days', 'integer', (c) => c.notNull())
    .addColumn('custom_domain', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('host_entitlements').execute();
}
