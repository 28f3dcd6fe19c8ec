import { sql } from 'kysely';
import type { BillingDb } from './billing-deps.js';

/** Adds to (counters) or raises to (snapshots) one host's hourly bucket of a metric. */
export async function recordUsage(
  db: BillingDb,
  customerId: string,
  row: { hostId: string; metric: string; hour: string; quantity: number; mode: 'add' | 'max' },
): Promise<void> {
  await db
    .insertInto('billing_usage')
    .values({
      host_id: row.hostId,
      customer_id: customerId,
      metric: row.metric,
      hour: row.hour,
      quantity: row.quantity,
    })
    .onConflict((oc) =>
      oc.columns(['host_id', 'metric', 'hour']).doUpdateSet({
        quantity:
          row.mode === 'add'
            ? sql<number>`billing_usage.quantity + excluded.quantity`
            : sql<number>`case when excluded.quantity > billing_usage.quantity then excluded.quantity else billing_usage.quantity end`,
      }),
    )
    .execute();
}

/**
 * Claims a reporter's batch key; false when a batch with that key was already counted. Run in the
 * transaction that records the batch's usage, so the key and the quantities commit together. Keys
 * are not tenant data: one flush carries the usage of every host, like a job of the scheduler.
 */
export async function claimUsageBatch(
  db: BillingDb,
  batch: { key: string; reports: number; now: string },
): Promise<boolean> {
  const claimed = await db
    .insertInto('billing_usage_batches')
    .values({ key: batch.key, reports: batch.reports, recorded_at: batch.now })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  return claimed !== undefined;
}

/** Batch keys are only needed while a reporter may still retry; older ones go. */
export async function forgetUsageBatches(db: BillingDb, recordedBefore: string): Promise<void> {
  await db.deleteFrom('billing_usage_batches').where('recorded_at', '<', recordedBefore).execute();
}

/** The usage of [from, to): the sum of a counter, or the peak of a snapshot. */
export async function usageBetween(
  db: BillingDb,
  customerId: string,
  query: { hostId: string; metric: string; from: string; to: string; mode: 'add' | 'max' },
): Promise<number> {
  const row = await db
    .selectFrom('billing_usage')
    .select((eb) =>
      (query.mode === 'add'
        ? eb.fn.sum<number | string | null>('quantity')
        : eb.fn.max<number | string | null>('quantity')
      ).as('value'),
    )
    .where('customer_id', '=', customerId)
    .where('host_id', '=', query.hostId)
    .where('metric', '=', query.metric)
    .where('hour', '>=', query.from)
    .where('hour', '<', query.to)
    .executeTakeFirst();
  return Number(row?.value ?? 0);
}
