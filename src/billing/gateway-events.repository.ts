import type { BillingDb } from './billing-deps.js';

// Webhook events arrive without a tenant; they are matched to one through our own payment keys.

/** Returns false when the event id was stored before (a redelivery). */
export async function storeGatewayEvent(
  db: BillingDb,
  row: { id: string; gateway: string; type: string; payload: string; received_at: string },
): Promise<boolean> {
  const result = await db
    .insertInto('billing_gateway_events')
    .values({ ...row, processed_at: null })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function isGatewayEventProcessed(db: BillingDb, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('billing_gateway_events')
    .select('processed_at')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.processed_at != null;
}

export async function markGatewayEventProcessed(db: BillingDb, id: string, at: string): Promise<void> {
  await db.updateTable('billing_gateway_events').set({ processed_at: at }).where('id', '=', id).execute();
}
