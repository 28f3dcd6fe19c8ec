import { isAppError } from '../lib/errors.js';
import type { UsageBatch, UsageReport } from '../lib/usage-report.js';
import { nowIso, type BillingDeps, type BillingDb } from './billing-deps.js';
import { findPrice } from './catalog.repository.js';
import { periodAt } from './math/periods.js';
import { METRIC_MODE, parseMetered, type UsageMetric } from './metered.js';
import { anchorOf } from './subscription-schedule.js';
import { findLiveSubscriptionForHost } from './subscriptions.repository.js';
import { claimUsageBatch, forgetUsageBatches, recordUsage as writeUsage } from './usage.repository.js';

export type { UsageBatch, UsageReport } from '../lib/usage-report.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Storage is billed in decimal gigabytes, rounded up: 1 byte over a gigabyte is the next one. */
const BYTES_PER_GB = 1_000_000_000;
/** Far longer than any reporter keeps retrying one batch (it holds the batch in memory). */
const BATCH_KEY_DAYS = 30;

export interface UsageInput {
  customerId: string;
  hostId: string;
  metric: UsageMetric;
  quantity: number;
  at: Date;
}

function bucketRow(input: UsageInput) {
  return {
    hostId: input.hostId,
    metric: input.metric,
    hour: new Date(Math.floor(input.at.getTime() / HOUR_MS) * HOUR_MS).toISOString(),
    quantity: input.quantity,
    mode: METRIC_MODE[input.metric],
  };
}

/** Adds to (counters) or raises (snapshots) the host's bucket for the hour of `at`. */
export async function recordUsage(deps: Pick<BillingDeps, 'db'>, input: UsageInput): Promise<void> {
  await writeUsage(deps.db, input.customerId, bucketRow(input));
}

function toUsage(report: UsageReport, customerId: string): UsageInput {
  const { hostId, at } = report;
  if (report.metric === 'messages')
    return { customerId, hostId, at, metric: 'messages', quantity: report.quantity };
  return {
    customerId,
    hostId,
    at,
    metric: 'storage_gb',
    quantity: Math.ceil(report.quantity / BYTES_PER_GB),
  };
}

/** A host deleted since the usage was counted has nobody left to bill: null. */
async function customerOf(deps: Pick<BillingDeps, 'tenancy'>, hostId: string): Promise<string | null> {
  try {
    return (await deps.tenancy.hosts.get({ kind: 'system' }, hostId)).customerId;
  } catch (error) {
    if (isAppError(error) && error.code === 'host_not_found') return null;
    throw error;
  }
}

/**
 * Where usage can still be billed: a renewal rates the period before the one it invoices, so usage
 * counted before that period's start but delivered after the renewal (the last minute's messages,
 * flushed just after midnight) would be billed nowhere. It moves into the open period instead.
 */
async function openUsageFrom(db: BillingDb, customerId: string, hostId: string): Promise<Date | null> {
  const sub = await findLiveSubscriptionForHost(db, customerId, hostId);
  if (!sub || sub.invoiced_through < 0) return null;
  const price = await findPrice(db, sub.price_id);
  if (!price || parseMetered(price.metered).length === 0) return null;
  return periodAt(anchorOf(sub), price.cycle, sub.invoiced_through).start;
}

/** Records a batch unless its key was seen before, all or nothing; resolves to whether it was new. */
export async function recordUsageBatch(
  deps: Pick<BillingDeps, 'db' | 'clock' | 'tenancy'>,
  batch: UsageBatch,
): Promise<boolean> {
  // Read before the transaction: SQLite has one connection, and tenancy does not use ours.
  const customers = new Map<string, string | null>();
  for (const { hostId } of batch.reports)
    if (!customers.has(hostId)) customers.set(hostId, await customerOf(deps, hostId));
  return deps.db.transaction().execute(async (tx) => {
    const now = nowIso(deps);
    if (!(await claimUsageBatch(tx, { key: batch.key, reports: batch.reports.length, now }))) return false;
    for (const report of batch.reports) {
      const customerId = customers.get(report.hostId);
      if (!customerId) continue;
      const openFrom = await openUsageFrom(tx, customerId, report.hostId);
      const at = openFrom && report.at < openFrom ? openFrom : report.at;
      await writeUsage(tx, customerId, bucketRow(toUsage({ ...report, at }, customerId)));
    }
    return true;
  });
}

/** Part of the billing sweep: the keys of batches delivered long ago are no longer needed. */
export async function forgetOldUsageBatches(deps: Pick<BillingDeps, 'db' | 'clock'>): Promise<void> {
  await forgetUsageBatches(
    deps.db,
    new Date(deps.clock.now().getTime() - BATCH_KEY_DAYS * DAY_MS).toISOString(),
  );
}
