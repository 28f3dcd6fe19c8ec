import type { Updateable } from 'kysely';
import type { BillingSubscriptionsTable, SubscriptionStatus } from '../platform/index.js';
import type { BillingDb } from './billing-deps.js';

export type SubscriptionRow = BillingSubscriptionsTable;

export const LIVE_STATUSES: SubscriptionStatus[] = ['incomplete', 'trial', 'active', 'past_due', 'suspended'];

export async function insertSubscription(db: BillingDb, row: SubscriptionRow): Promise<void> {
  await db.insertInto('billing_subscriptions').values(row).execute();
}

export async function findSubscription(
  db: BillingDb,
  customerId: string,
  id: string,
): Promise<SubscriptionRow | undefined> {
  return db
    .selectFrom('billing_subscriptions')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findLiveSubscriptionForHost(
  db: BillingDb,
  customerId: string,
  hostId: string,
): Promise<SubscriptionRow | undefined> {
  return db
    .selectFrom('billing_subscriptions')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('host_id', '=', hostId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
}

export async function listCustomerSubscriptions(
  db: BillingDb,
  customerId: string,
): Promise<SubscriptionRow[]> {
  return db
    .selectFrom('billing_subscriptions')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('id', 'desc')
    .execute();
}

/** Every live subscription in id order, a batch at a time (the renewal sweep runs across tenants). */
export async function listLiveSubscriptions(
  db: BillingDb,
  afterId: string,
  limit: number,
): Promise<SubscriptionRow[]> {
  return db
    .selectFrom('billing_subscriptions')
    .selectAll()
    .where('status', 'in', LIVE_STATUSES)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Optimistic update: applies only if the row is unchanged since it was read (same updated_at), so
 * two workers that read the same state cannot both act on it. Returns whether it applied.
 */
export async function updateSubscription(
  db: BillingDb,
  customerId: string,
  id: string,
  expectedUpdatedAt: string,
  changes: Updateable<SubscriptionRow>,
): Promise<boolean> {
  const result = await db
    .updateTable('billing_subscriptions')
    .set(changes)
    .where('customer_id', '=', customerId)
    .where('id', '=', id)
    .where('updated_at', '=', expectedUpdatedAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listAllSubscriptions(
  db: BillingDb,
  query: { limit: number; before?: string | undefined; status?: SubscriptionStatus | undefined },
): Promise<SubscriptionRow[]> {
  let q = db.selectFrom('billing_subscriptions').selectAll().orderBy('id', 'desc').limit(query.limit);
  if (query.before) q = q.where('id', '<', query.before);
  if (query.status) q = q.where('status', '=', query.status);
  return q.execute();
}
