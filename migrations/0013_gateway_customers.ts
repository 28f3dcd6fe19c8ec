import type { Kysely } from 'kysely';

// Which customer at a payment gateway stands for which of ours (a Stripe customer per organisation).
// Stored rather than found by the gateway's search, which lags behind writes: two card setups in
// quick succession would otherwise each make a gateway customer. One per customer and gateway, and a
// gateway customer belongs to one of ours only. Rows go with their customer.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('billing_gateway_customers')
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('gateway', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('billing_gateway_customers_pk', ['customer_id', 'gateway'])
    .addUniqueConstraint('billing_gateway_customers_external', ['gateway', 'external_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('billing_gateway_customers').execute();
}
