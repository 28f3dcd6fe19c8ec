import type { Kysely } from 'kysely';

// Dunning and the renewal sweep ask, for a page of subscriptions, which have an open invoice past
// due. Without an index led by subscription_id PostgreSQL read the whole invoice table for every
// page once renewal day had made most invoices open and due.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('billing_invoices_subscription')
    .on('billing_invoices')
    .columns(['subscription_id', 'status', 'due_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('billing_invoices_subscription').execute();
}
