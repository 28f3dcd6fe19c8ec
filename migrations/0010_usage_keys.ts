import type { Kysely } from 'kysely';

// One row per batch of usage the IM server delivered, keyed by the batch's own id: a flush retried
// after an unclear failure finds its key here and adds nothing twice. Old keys are pruned.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('billing_usage_batches')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('reports', 'integer', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('billing_usage_batches_recorded_at')
    .on('billing_usage_batches')
    .column('recorded_at')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('billing_usage_batches').execute();
}
