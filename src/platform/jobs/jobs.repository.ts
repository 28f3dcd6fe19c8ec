/**
 * SQL of the job queue (`jobs`) and its recurring schedules (`job_schedules`). Jobs are platform
 * rows, not tenant data; a job's payload names the tenant when it concerns one.
 *
 * Timestamps are ISO-8601 UTC text of one fixed width, so comparing them as text compares times.
 */
import { insertRows, type PlatformDb, type JobSchedulesTable, type JobsTable } from '../db/index.js';

export type JobRow = JobsTable;

export type JobStatus = JobsTable['status'];

export interface NewJobRow {
  id: string;
  name: string;
  payload: string;
  runAt: string;
  maxAttempts: number;
  dedupeKey: string | null;
  now: string;
}

/** Inserts the job unless one with the same dedupe key exists; returns whichever row holds the key. */
export async function insertJob(db: PlatformDb, job: NewJobRow): Promise<JobRow> {
  await db
    .insertInto('jobs')
    .values({
      id: job.id,
      name: job.name,
      dedupe_key: job.dedupeKey,
      payload: job.payload,
      status: 'pending',
      run_at: job.runAt,
      attempts: 0,
      max_attempts: job.maxAttempts,
      created_at: job.now,
      updated_at: job.now,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
  const query = db.selectFrom('jobs').selectAll();
  const row = await (
    job.dedupeKey ? query.where('dedupe_key', '=', job.dedupeKey) : query.where('id', '=', job.id)
  ).executeTakeFirstOrThrow();
  return row;
}

/** insertJob for many jobs; a row whose dedupe key is taken is skipped. Returns nothing to read back. */
export async function insertJobs(db: PlatformDb, jobs: NewJobRow[]): Promise<void> {
  await insertRows(
    db,
    'jobs',
    jobs.map((job) => ({
      id: job.id,
      name: job.name,
      dedupe_key: job.dedupeKey,
      payload: job.payload,
      status: 'pending' as const,
      run_at: job.runAt,
      attempts: 0,
      max_attempts: job.maxAttempts,
      created_at: job.now,
      updated_at: job.now,
    })),
    { skipConflicts: ['dedupe_key'] },
  );
}

export async function findJob(db: PlatformDb, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Pending jobs whose time has come, and running jobs whose worker let the lease run out. */
export async function findClaimableJobs(
  db: PlatformDb,
  query: { now: string; names: string[]; limit: number },
): Promise<Array<{ id: string; name: string }>> {
  if (query.names.length === 0) return [];
  // Two reads rather than one with OR: each walks the (status, run_at, id) index in order and stops
  // at the limit, where an OR would make the database collect and sort every due job first.
  const due = (status: 'pending' | 'running') =>
    db
      .selectFrom('jobs')
      .select(['id', 'name', 'run_at'])
      .where('status', '=', status)
      .where('name', 'in', query.names)
      .where(status === 'pending' ? 'run_at' : 'lease_expires_at', '<=', query.now)
      .orderBy('run_at')
      .orderBy('id')
      .limit(query.limit)
      .execute();
  const [pending, expired] = [await due('pending'), await due('running')];
  return [...pending, ...expired]
    .sort((a, b) => (a.run_at === b.run_at ? (a.id < b.id ? -1 : 1) : a.run_at < b.run_at ? -1 : 1))
    .slice(0, query.limit)
    .map(({ id, name }) => ({ id, name }));
}

/**
 * The lease: one conditional UPDATE that only matches while the job is still claimable. Two workers
 * racing for the same row both run it, and the database lets exactly one of them match (PostgreSQL
 * re-checks the condition after the first commit; SQLite runs writes one at a time).
 */
export async function claimJob(
  db: PlatformDb,
  claim: { id: string; owner: string; now: string; leaseExpiresAt: string },
): Promise<JobRow | undefined> {
  const [row] = await claimJobs(db, { ...claim, ids: [claim.id] });
  return row;
}

/** The lease for many jobs in one statement; returns the ones this worker got, in the order asked. */
export async function claimJobs(
  db: PlatformDb,
  claim: { ids: string[]; owner: string; now: string; leaseExpiresAt: string },
): Promise<JobRow[]> {
  if (claim.ids.length === 0) return [];
  const rows = await db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'running',
      lease_owner: claim.owner,
      lease_expires_at: claim.leaseExpiresAt,
      attempts: eb('attempts', '+', 1),
      updated_at: claim.now,
    }))
    .where('id', 'in', claim.ids)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', claim.now)]),
        eb.and([eb('status', '=', 'running'), eb('lease_expires_at', '<=', claim.now)]),
      ]),
    )
    .returningAll()
    .execute();
  // RETURNING gives no order; callers expect the order they asked in (the queue's order).
  const position = new Map(claim.ids.map((id, index) => [id, index]));
  return rows.sort((a, b) => position.get(a.id)! - position.get(b.id)!);
}

export type JobOutcome =
  | { status: 'succeeded' }
  | { status: 'pending'; runAt: string; error: string }
  | { status: 'failed'; error: string };

/**
 * Records how an attempt ended, only if this worker still holds the lease: a worker that overran its
 * lease must not overwrite the result of the worker that took the job over.
 */
export async function finishAttempt(
  db: PlatformDb,
  attempt: { id: string; owner: string; now: string; outcome: JobOutcome },
): Promise<boolean> {
  const { outcome } = attempt;
  const result = await db
    .updateTable('jobs')
    .set({
      status: outcome.status,
      lease_owner: null,
      lease_expires_at: null,
      updated_at: attempt.now,
      ...(outcome.status === 'pending' ? { run_at: outcome.runAt } : { finished_at: attempt.now }),
      ...(outcome.status === 'succeeded' ? {} : { last_error: outcome.error }),
    })
    .where('id', '=', attempt.id)
    .where('status', '=', 'running')
    .where('lease_owner', '=', attempt.owner)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** finishAttempt({status: 'succeeded'}) for many jobs; returns how many this worker still held. */
export async function finishSucceeded(
  db: PlatformDb,
  finished: { ids: string[]; owner: string; now: string },
): Promise<number> {
  if (finished.ids.length === 0) return 0;
  const result = await db
    .updateTable('jobs')
    .set({
      status: 'succeeded',
      lease_owner: null,
      lease_expires_at: null,
      updated_at: finished.now,
      finished_at: finished.now,
    })
    .where('id', 'in', finished.ids)
    .where('status', '=', 'running')
    .where('lease_owner', '=', finished.owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function listJobs(
  db: PlatformDb,
  query: { status?: JobStatus | undefined; limit: number; before?: string | undefined },
): Promise<JobRow[]> {
  let select = db.selectFrom('jobs').selectAll();
  if (query.status) select = select.where('status', '=', query.status);
  if (query.before) select = select.where('id', '<', query.before);
  return select.orderBy('id', 'desc').limit(query.limit).execute();
}

export type JobScheduleRow = JobSchedulesTable;

export async function listSchedules(db: PlatformDb, names: string[]): Promise<JobScheduleRow[]> {
  if (names.length === 0) return [];
  return db.selectFrom('job_schedules').selectAll().where('name', 'in', names).execute();
}

/** Creates the schedule, or re-times it when its pattern changed since the row was written. */
export async function upsertSchedule(
  db: PlatformDb,
  schedule: { name: string; cron: string; nextRunAt: string },
): Promise<void> {
  await db
    .insertInto('job_schedules')
    .values({ name: schedule.name, cron: schedule.cron, next_run_at: schedule.nextRunAt })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet({ cron: schedule.cron, next_run_at: schedule.nextRunAt }),
    )
    .execute();
}

/** Moves the schedule to its next slot, only if nobody else has moved it from `from` already. */
export async function advanceSchedule(
  db: PlatformDb,
  move: { name: string; from: string; to: string },
): Promise<boolean> {
  const result = await db
    .updateTable('job_schedules')
    .set({ next_run_at: move.to, last_run_at: move.from })
    .where('name', '=', move.name)
    .where('next_run_at', '=', move.from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Hands back the jobs a stopping worker still holds (an attempt it gave up waiting for): pending
 * again and due now, the attempt not counted, so another worker takes them at once instead of after
 * the lease. Returns how many.
 */
export async function releaseLeases(
  db: PlatformDb,
  release: { owner: string; now: string },
): Promise<number> {
  const result = await db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'pending',
      lease_owner: null,
      lease_expires_at: null,
      run_at: release.now,
      attempts: eb('attempts', '-', 1),
      updated_at: release.now,
    }))
    .where('status', '=', 'running')
    .where('lease_owner', '=', release.owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
