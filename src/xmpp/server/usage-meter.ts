/**
 * What the IM server reports for billing, counted in memory and handed over in batches: messages
 * members send (a counter per host and hour) and the bytes a host stores (a snapshot, its peak per
 * hour). Counting costs a map update per message; the durable write happens at each flush.
 *
 * A flush takes the counts and resets them in one step, so later messages go to the next batch. A
 * batch keeps its key until the sink confirms it: a failed flush (even one whose write did land) is
 * retried with the same key, and the sink counts each key once.
 */
import type { Clock } from '../../lib/clock.js';
import { newId, type IdSource } from '../../lib/ids.js';
import type { HostRecord, UsageBatch, UsageReport, UsageSink } from '../core/index.js';

const HOUR_MS = 3_600_000;

type Metric = UsageReport['metric'];

export class UsageMeter {
  private buckets = new Map<string, UsageReport>();
  private unconfirmed: UsageBatch | undefined;
  private flushing: Promise<number> = Promise.resolve(0);

  constructor(
    private readonly clock: Clock,
    private readonly newKey: IdSource = newId,
  ) {}

  /** A message a member sent was accepted for delivery; it counts for the sender's host. */
  messageSent(host: HostRecord): void {
    this.bucketFor(host.id, 'messages').quantity += 1;
  }

  /** The bytes a host stores now (the upload module's count); billing bills the peak. */
  storageUsed(hostId: string, bytes: number): void {
    const bucket = this.bucketFor(hostId, 'storage_bytes');
    bucket.quantity = Math.max(bucket.quantity, bytes);
  }

  /** Counted but not yet confirmed by a sink, per metric: what a crash now would lose. */
  pending(): Record<Metric, number> {
    const totals: Record<Metric, number> = { messages: 0, storage_bytes: 0 };
    const reports = [...(this.unconfirmed?.reports ?? []), ...this.buckets.values()];
    for (const report of reports) totals[report.metric] += report.quantity;
    return totals;
  }

  /** Hands everything counted so far to the sink; flushes run one after the other. Resolves to the reports sent. */
  flush(sink: UsageSink): Promise<number> {
    const run = this.flushing.catch(() => 0).then(() => this.flushOnce(sink));
    this.flushing = run;
    return run;
  }

  // Flushes never overlap, so nothing else touches the unconfirmed batch while the sink works.
  private async flushOnce(sink: UsageSink): Promise<number> {
    let sent = 0;
    if (this.unconfirmed) sent += await this.send(sink, this.unconfirmed);
    const reports = [...this.buckets.values()];
    this.buckets = new Map();
    if (reports.length > 0) sent += await this.send(sink, { key: this.newKey('usg'), reports });
    return sent;
  }

  private async send(sink: UsageSink, batch: UsageBatch): Promise<number> {
    this.unconfirmed = batch;
    await sink.record(batch);
    this.unconfirmed = undefined;
    return batch.reports.length;
  }

  private bucketFor(hostId: string, metric: Metric): UsageReport {
    const hour = Math.floor(this.clock.now().getTime() / HOUR_MS) * HOUR_MS;
    const id = `${metric} ${hostId} ${hour}`;
    let bucket = this.buckets.get(id);
    if (!bucket) {
      bucket = { hostId, metric, at: new Date(hour), quantity: 0 };
      this.buckets.set(id, bucket);
    }
    return bucket;
  }
}
