/**
 * The durable job scheduler. Jobs live in the database, so they survive restarts and any process of
 * the product (server or CLI) can enqueue them; whichever process runs `start()` works them off.
 *
 * - A worker claims a job with a lease (an atomic conditional UPDATE that stamps its owner id and an
 *   expiry). Two schedulers on one database never run the same attempt; a worker that dies mid-job
 *   lets its lease run out, and the job is claimed again.
 * - A handler that throws is retried with exponential backoff on the injected clock, and the job is
 *   marked failed, with the last error, after `maxAttempts` attempts. Handlers must be idempotent:
 *   a worker that overruns its lease may see its job run again elsewhere.
 * - `every(name, cron)` turns each slot of a cron pattern into one job, exactly once per slot across
 *   all workers (the slot is the job's dedupe key). Slots missed while nothing ran are coalesced into
 *   one run: recurring handlers sweep whatever is due, so replaying every missed minute after a
 *   simulated year would only flood the queue.
 * - `runDue()` does one pass by hand (tests, and staff moving the simulated clock); `start()` polls,
 *   and also wakes up whenever a simulated clock is advanced.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { SimulatedClock, type Clock } from '../../lib/clock.js';
import {
  refreshPlannerStatistics,
  scopedDb,
  type AnyDb,
  type PlatformDb,
  type PlatformTables,
} from '../db/index.js';
import type { Metrics } from '../metrics.js';
import type { IdSource } from '../../lib/ids.js';
import { toPage, type Page, type PageQuery } from '../page.js';
import {
  advanceSchedule,
  claimJob,
  claimJobs,
  finishSucceeded,
  findClaimableJobs,
  findJob,
  finishAttempt,
  insertJob,
  insertJobs,
  listJobs,
  listSchedules,
  releaseLeases,
  upsertSchedule,
  type JobOutcome,
  type JobRow,
  type JobStatus,
} from './jobs.repository.js';
import { assertValidCron, defaultBackoff, nextCronRun, retryDelayMs, type BackoffOptions } from './timing.js';

export type { JobStatus } from './jobs.repository.js';
export type { BackoffOptions } from './timing.js';
import type { Job } from '../views.js';

export interface JobContext {
  id: string;
  name: string;
  /** 1 on the first attempt. */
  attempt: number;
  maxAttempts: number;
}

export type JobHandler<P = unknown> = (payload: P, job: JobContext) => Promise<void>;

/**
 * Runs many claimed jobs of one name at once, for work that is much cheaper set-based (a renewal
 * run's thousands of charges). It answers per job, in order: undefined for done, or the error that
 * failed that job's attempt (which is then retried or failed as any job's would be).
 */
export type BatchJobHandler<P = unknown> = (
  jobs: ReadonlyArray<{ payload: P; job: JobContext }>,
) => Promise<ReadonlyArray<unknown>>;

export interface BatchJobOptions extends JobOptions {
  /** The most jobs one call takes (default 500). */
  batchSize?: number;
}

export interface JobOptions {
  /** Attempts before the job is marked failed (default 5). */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  /** How long one attempt may run before another worker may take the job over (default 300). */
  leaseSeconds?: number;
}

export interface EnqueueOptions {
  /** Not before this time (default: now). */
  runAt?: Date;
  /** Enqueueing twice with the same key returns the first job instead of adding another. */
  dedupeKey?: string;
  /** Enqueue inside the caller's transaction, so the job exists exactly when the caller's write does. */
  tx?: AnyDb;
}

export type { Job };

export interface RunSummary {
  /** Jobs created from due schedule slots. */
  scheduled: number;
  ran: number;
  succeeded: number;
  retried: number;
  failed: number;
}

export interface JobSchedulerDeps {
  /** Any handle on the product database: the scheduler sees only the platform's tables. */
  db: AnyDb;
  clock: Clock;
  logger: Logger;
  nextId: IdSource;
  metrics?: Metrics;
  /** How often the polling loop looks for due jobs, in real time (default 1000 ms). */
  pollIntervalMs?: number;
}

interface Definition {
  handler: JobHandler;
  batch?: { handler: BatchJobHandler; size: number };
  maxAttempts: number;
  backoff: BackoffOptions;
  leaseMs: number;
}

const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_LEASE_SECONDS = 300;
const CLAIM_BATCH = 50;
const DEFAULT_BATCH_SIZE = 500;
const MAX_ERROR_LENGTH = 2000;
const DEFAULT_STOP_GRACE_MS = 20_000;

function toJob(row: JobRow): Job {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    dedupeKey: row.dedupe_key,
    runAt: row.run_at,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, MAX_ERROR_LENGTH);
}

export class JobScheduler {
  /** Identifies this scheduler's leases; random per instance, so two in one process differ too. */
  readonly owner = `wrk_${randomBytes(9).toString('base64url')}`;
  private readonly definitions = new Map<string, Definition>();
  private readonly schedules = new Map<string, string>();
  private loop: { timer: NodeJS.Timeout | undefined; unsubscribe: (() => void) | undefined } | undefined;
  private inFlight: Promise<void> | undefined;
  private wakeAgain = false;
  private readonly outcomes: ReturnType<Metrics['counter']> | undefined;
  private readonly db: PlatformDb;

  constructor(private readonly deps: JobSchedulerDeps) {
    this.db = scopedDb<PlatformTables>(deps.db);
    this.outcomes = deps.metrics?.counter({
      name: 'imhost_jobs_total',
      help: 'Job attempts finished, by job name and outcome (succeeded, retried, failed).',
      labelNames: ['name', 'outcome'],
    });
  }

  define<P>(name: string, handler: JobHandler<P>, options: JobOptions = {}): void {
    if (this.definitions.has(name)) throw new Error(`job ${name} is already defined`);
    this.definitions.set(name, {
      handler: handler as JobHandler,
      maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      backoff: options.backoff ?? defaultBackoff,
      leaseMs: (options.leaseSeconds ?? DEFAULT_LEASE_SECONDS) * 1000,
    });
  }

  /**
   * A job whose claimed runs are handed over many at a time (see BatchJobHandler). Each job keeps its
   * own lease, attempts and retries; a single job enqueued alone simply runs as a batch of one.
   */
  defineBatch<P>(name: string, handler: BatchJobHandler<P>, options: BatchJobOptions = {}): void {
    const batch = handler as BatchJobHandler;
    this.define<P>(
      name,
      async (payload, job) => {
        const [error] = await batch([{ payload, job }]);
        if (error !== undefined) throw error;
      },
      options,
    );
    this.definitions.get(name)!.batch = { handler: batch, size: options.batchSize ?? DEFAULT_BATCH_SIZE };
  }

  /** Runs the job `name` (defined first) at every slot of `cron`, a 5- or 6-field pattern read in UTC. */
  every(name: string, cron: string): void {
    if (!this.definitions.has(name)) throw new Error(`define job ${name} before scheduling it`);
    assertValidCron(cron, this.deps.clock.now());
    this.schedules.set(name, cron);
  }

  /**
   * Forgets a job (what an unloaded XMPP module declared): this worker stops scheduling and claiming
   * it. Its rows stay, and run once a worker defines the job again.
   */
  remove(name: string): void {
    this.definitions.delete(name);
    this.schedules.delete(name);
  }

  async enqueue<P>(name: string, payload: P, options: EnqueueOptions = {}): Promise<Job> {
    const now = this.deps.clock.now().toISOString();
    const row = await insertJob(this.within(options.tx), {
      id: this.deps.nextId('job'),
      name,
      payload: JSON.stringify(payload ?? null),
      runAt: options.runAt ? options.runAt.toISOString() : now,
      maxAttempts: this.definitions.get(name)?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      dedupeKey: options.dedupeKey ?? null,
      now,
    });
    return toJob(row);
  }

  /** enqueue for many jobs of one name, in one transaction's few statements; nothing is read back. */
  async enqueueMany<P>(
    name: string,
    jobs: ReadonlyArray<{ payload: P; runAt?: Date; dedupeKey?: string }>,
    options: { tx?: AnyDb } = {},
  ): Promise<void> {
    const now = this.deps.clock.now().toISOString();
    const maxAttempts = this.definitions.get(name)?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    await insertJobs(
      this.within(options.tx),
      jobs.map((job) => ({
        id: this.deps.nextId('job'),
        name,
        payload: JSON.stringify(job.payload ?? null),
        runAt: job.runAt ? job.runAt.toISOString() : now,
        maxAttempts,
        dedupeKey: job.dedupeKey ?? null,
        now,
      })),
    );
  }

  /** After a bulk run has queued many jobs: lets PostgreSQL plan the claims on true counts. */
  async refreshPlannerStatistics(): Promise<void> {
    await refreshPlannerStatistics(this.db, ['jobs']);
  }

  /** The caller's transaction if it passed one, seen with the platform's tables; else the scheduler's own handle. */
  private within(tx: AnyDb | undefined): PlatformDb {
    return tx ? scopedDb<PlatformTables>(tx) : this.db;
  }

  async get(id: string): Promise<Job | undefined> {
    const row = await findJob(this.db, id);
    return row && toJob(row);
  }

  async list(query: PageQuery & { status?: JobStatus | undefined }): Promise<Page<Job>> {
    const rows = await listJobs(this.db, { ...query, limit: query.limit + 1 });
    return toPage(rows, query.limit, toJob);
  }

  /** One pass: turns due schedule slots into jobs, then claims and runs due jobs until none is left. */
  async runDue(options: { limit?: number } = {}): Promise<RunSummary> {
    return this.pass(options.limit ?? 500, () => true);
  }

  /** One pass; it claims nothing more once `shouldGoOn` says no (the loop's pass, once stopped). */
  private async pass(limit: number, shouldGoOn: () => boolean): Promise<RunSummary> {
    const summary: RunSummary = {
      scheduled: await this.enqueueDueSlots(),
      ran: 0,
      succeeded: 0,
      retried: 0,
      failed: 0,
    };
    const names = [...this.definitions.keys()];
    const claimBatch = Math.max(
      CLAIM_BATCH,
      ...[...this.definitions.values()].map((definition) => definition.batch?.size ?? 0),
    );
    const count = (name: string, outcome: 'succeeded' | 'retried' | 'failed') => {
      summary.ran += 1;
      summary[outcome] += 1;
      this.outcomes?.inc({ name, outcome });
    };
    while (summary.ran < limit && shouldGoOn()) {
      const candidates = await findClaimableJobs(this.db, {
        now: this.deps.clock.now().toISOString(),
        names,
        limit: Math.min(claimBatch, limit - summary.ran),
      });
      if (candidates.length === 0) break;
      const batched = new Map<string, string[]>();
      for (const candidate of candidates) {
        const batch = this.definitions.get(candidate.name)?.batch;
        if (batch) {
          const ids = batched.get(candidate.name) ?? [];
          ids.push(candidate.id);
          batched.set(candidate.name, ids);
          continue;
        }
        if (summary.ran >= limit || !shouldGoOn()) break;
        const job = await this.claim(candidate);
        if (!job) continue; // another worker was faster
        count(job.name, await this.attempt(job));
      }
      for (const [name, ids] of batched) {
        const size = this.definitions.get(name)!.batch!.size;
        for (let from = 0; from < ids.length && summary.ran < limit && shouldGoOn(); from += size) {
          const chunk = ids.slice(from, Math.min(from + size, from + limit - summary.ran));
          for (const outcome of await this.attemptBatch(name, chunk)) count(name, outcome);
        }
      }
    }
    return summary;
  }

  start(): void {
    if (this.loop) return;
    const { clock } = this.deps;
    this.loop = {
      timer: undefined,
      unsubscribe: clock instanceof SimulatedClock ? clock.onAdvance(() => this.wake()) : undefined,
    };
    this.wake();
  }

  /**
   * Stops polling: the pass in progress finishes the jobs in hand and claims no more. Jobs still
   * running after `graceMs` (real time) have their leases released, so another worker takes them
   * at once; their handlers must be idempotent anyway.
   */
  async stop(options: { graceMs?: number } = {}): Promise<void> {
    const loop = this.loop;
    this.loop = undefined;
    if (loop) {
      clearTimeout(loop.timer);
      loop.unsubscribe?.();
    }
    const inFlight = this.inFlight;
    if (inFlight) {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, options.graceMs ?? DEFAULT_STOP_GRACE_MS);
      });
      await Promise.race([inFlight, grace]);
      clearTimeout(timer);
    }
    const released = await releaseLeases(this.db, {
      owner: this.owner,
      now: this.deps.clock.now().toISOString(),
    });
    if (released > 0) this.deps.logger.warn({ released }, 'released the leases of unfinished jobs');
  }

  private wake(): void {
    const loop = this.loop;
    if (!loop) return;
    if (this.inFlight) {
      this.wakeAgain = true;
      return;
    }
    clearTimeout(loop.timer);
    this.inFlight = this.pass(500, () => this.loop === loop)
      .then(
        () => undefined,
        (error: unknown) => this.deps.logger.error({ err: error }, 'job pass failed'),
      )
      .finally(() => {
        this.inFlight = undefined;
        if (!this.loop) return;
        if (this.wakeAgain) {
          this.wakeAgain = false;
          this.wake();
          return;
        }
        this.loop.timer = setTimeout(() => this.wake(), this.deps.pollIntervalMs ?? 1000);
        this.loop.timer.unref();
      });
  }

  private async enqueueDueSlots(): Promise<number> {
    const { db } = this;
    const now = this.deps.clock.now();
    const rows = new Map((await listSchedules(db, [...this.schedules.keys()])).map((row) => [row.name, row]));
    let created = 0;
    for (const [name, cron] of this.schedules) {
      const row = rows.get(name);
      const next = nextCronRun(cron, now);
      if (!row || row.cron !== cron) {
        if (next) await upsertSchedule(db, { name, cron, nextRunAt: next.toISOString() });
        continue;
      }
      if (row.next_run_at > now.toISOString()) continue;
      const slot = row.next_run_at;
      await this.enqueue(
        name,
        { scheduledFor: slot },
        { runAt: new Date(slot), dedupeKey: `schedule:${name}:${slot}` },
      );
      // A pattern with no slot left stays parked on its last slot, whose job already exists.
      if (next && (await advanceSchedule(db, { name, from: slot, to: next.toISOString() }))) created += 1;
    }
    return created;
  }

  private async claim(candidate: { id: string; name: string }): Promise<JobRow | undefined> {
    const definition = this.definitions.get(candidate.name);
    if (!definition) return undefined;
    const now = this.deps.clock.nowMs();
    return claimJob(this.db, {
      id: candidate.id,
      owner: this.owner,
      now: new Date(now).toISOString(),
      leaseExpiresAt: new Date(now + definition.leaseMs).toISOString(),
    });
  }

  /** Claims what it can of `ids` in one statement and hands the claimed jobs to the batch handler. */
  private async attemptBatch(
    name: string,
    ids: string[],
  ): Promise<Array<'succeeded' | 'retried' | 'failed'>> {
    const definition = this.definitions.get(name)!;
    const now = this.deps.clock.nowMs();
    const claimed = await claimJobs(this.db, {
      ids,
      owner: this.owner,
      now: new Date(now).toISOString(),
      leaseExpiresAt: new Date(now + definition.leaseMs).toISOString(),
    });
    const outcomes: Array<'succeeded' | 'retried' | 'failed'> = [];
    // A job whose last attempt's worker died is failed, as in `attempt`; the rest run together.
    const runnable: JobRow[] = [];
    for (const job of claimed) {
      if (job.attempts > job.max_attempts) outcomes.push(await this.attempt(job));
      else runnable.push(job);
    }
    if (runnable.length === 0) return outcomes;
    let errors: ReadonlyArray<unknown>;
    try {
      errors = await definition.batch!.handler(
        runnable.map((job) => ({
          payload: JSON.parse(job.payload) as unknown,
          job: { id: job.id, name: job.name, attempt: job.attempts, maxAttempts: job.max_attempts },
        })),
      );
    } catch (error) {
      errors = runnable.map(() => error);
    }
    const finishedAt = this.deps.clock.now().toISOString();
    const succeeded = runnable.filter((_, index) => errors[index] === undefined).map((job) => job.id);
    const recorded = await finishSucceeded(this.db, {
      ids: succeeded,
      owner: this.owner,
      now: finishedAt,
    });
    if (recorded < succeeded.length)
      this.deps.logger.warn(
        { job: name, lost: succeeded.length - recorded },
        'job leases were lost before the batch finished',
      );
    for (const _ of succeeded) outcomes.push('succeeded');
    for (const [index, job] of runnable.entries()) {
      const error = errors[index];
      if (error === undefined) continue;
      outcomes.push(await this.recordFailure(job, definition, error));
    }
    return outcomes;
  }

  /** What an attempt that threw becomes: a retry with backoff, or failed once attempts are used up. */
  private failedOutcome(job: JobRow, definition: Definition, error: unknown): JobOutcome {
    const message = describeError(error);
    if (job.attempts >= job.max_attempts) return { status: 'failed', error: message };
    const runAt = this.deps.clock.nowMs() + retryDelayMs(job.attempts, definition.backoff);
    return { status: 'pending', error: message, runAt: new Date(runAt).toISOString() };
  }

  private async recordFailure(
    job: JobRow,
    definition: Definition,
    error: unknown,
  ): Promise<'retried' | 'failed'> {
    const outcome = await this.finish(job, this.failedOutcome(job, definition, error));
    return outcome === 'succeeded' ? 'failed' : outcome;
  }

  /** Records the outcome if this worker still holds the lease, and logs it. */
  private async finish(job: JobRow, outcome: JobOutcome): Promise<'succeeded' | 'retried' | 'failed'> {
    const log = this.deps.logger.child({ jobId: job.id, job: job.name, attempt: job.attempts });
    const recorded = await finishAttempt(this.db, {
      id: job.id,
      owner: this.owner,
      now: this.deps.clock.now().toISOString(),
      outcome,
    });
    if (!recorded) log.warn('job lease was lost before the attempt finished');
    if (outcome.status === 'failed') log.error({ error: outcome.error }, 'job failed for good');
    if (outcome.status === 'pending')
      log.warn({ error: outcome.error, retryAt: outcome.runAt }, 'job attempt failed');
    return outcome.status === 'pending' ? 'retried' : outcome.status;
  }

  private async attempt(job: JobRow): Promise<'succeeded' | 'retried' | 'failed'> {
    const definition = this.definitions.get(job.name);
    if (!definition) throw new Error(`job ${job.name} was claimed without a definition`);
    if (job.attempts > job.max_attempts) {
      // The worker holding the last attempt died or overran its lease.
      return this.finish(job, {
        status: 'failed',
        error: 'the last attempt did not finish before its lease expired',
      });
    }
    try {
      const payload: unknown = JSON.parse(job.payload);
      await definition.handler(payload, {
        id: job.id,
        name: job.name,
        attempt: job.attempts,
        maxAttempts: job.max_attempts,
      });
    } catch (error) {
      return this.finish(job, this.failedOutcome(job, definition, error));
    }
    return this.finish(job, { status: 'succeeded' });
  }
}
