import type { BillingGatewayCustomersTable } from '../../platform/index.js';
import type { BillingDb } from '../billing-deps.js';

export type GatewayCustomerRow = BillingGatewayCustomersTable;

/** The gateway's customer id stored for one of ours, if any. */
export async function findGatewayCustomer(
  db: BillingDb,
  customerId: string,
  gateway: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('billing_gateway_customers')
    .select('external_id')
    .where('customer_id', '=', customerId)
    .where('gateway', '=', gateway)
    .executeTakeFirst();
  return row?.external_id;
}

/**
 * Stores the mapping unless one is there already, and returns the one that stands: of two requests
 * racing, the first insert wins and both read it back. Undefined only when the gateway customer is
 * already mapped to another of our customers (the unique key refused it) and this one has none.
 */
export async function insertGatewayCustomer(
  db: BillingDb,
  row: GatewayCustomerRow,
): Promise<string | undefined> {
  await db
    .insertInto('billing_gateway_customers')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .execute();
  return findGatewayCustomer(db, row.customer_id, row.gateway);
}
