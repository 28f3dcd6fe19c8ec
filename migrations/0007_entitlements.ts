import { sql, type Kysely } from 'kysely';

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
  // Hosts already on a plan get its limits now rather than at their next plan change.
  await sql`
    insert into host_entitlements
      (host_id, max_members, upload_quota_mb, archive_retention_days, custom_domain, updated_at)
    select s.host_id, p.max_members, p.upload_quota_mb, p.archive_retention_days, p.custom_domain, s.updated_at
    from billing_subscriptions s
    join billing_plans p on p.id = s.plan_id
    join hosts h on h.id = s.host_id
    where s.ended_at is null
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('host_entitlements').execute();
}
