/**
 * SQL of the job queue (`jobs`) and its recurring schedules (`job_schedules`). Jobs are platform
 * rows, not tenant data; a job's payload names the tenant when it concerns one.
 *
 * Timestamps are ISO-8601 UTC text of one fixed width, so comparing them as text compares times.
 */
import type { DbOrTx, JobSchedulesTable, JobsTable } from '../db/index.js';

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
export async function insertJob(db: DbOrTx, job: NewJobRow): Promise<JobRow> {
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

export async function findJob(db: DbOrTx, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Pending jobs whose time has come, and running jobs whose worker let the lease run out. */
export async function findClaimableJobs(
  db: DbOrTx,
  query: { now: string; names: string[]; limit: number },
): Promise<Array<{ id: string; name: string }>> {
  if (query.names.length === 0) return [];
  return db
    .selectFrom('jobs')
    .select(['id', 'name'])
    .where('name', 'in', query.names)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', query.now)]),
        eb.and([eb('status', '=', 'running'), eb('lease_expires_at', '<=', query.now)]),
      ]),
    )
    .orderBy('run_at')
    .orderBy('id')
    .limit(query.limit)
    .execute();
}

/**
 * The lease: one conditional UPDATE that only matches while the job is still claimable. Two workers
 * racing for the same row both run it, and the database lets exactly one of them match (PostgreSQL
 * re-checks the condition after the first commit; SQLite runs writes one at a time).
 */
export async function claimJob(
  db: DbOrTx,
  claim: { id: string; owner: string; now: string; leaseExpiresAt: string },
): Promise<JobRow | undefined> {
  return db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'running',
      lease_owner: claim.owner,
      lease_expires_at: claim.leaseExpiresAt,
      attempts: eb('attempts', '+', 1),
      updated_at: claim.now,
    }))
    .where('id', '=', claim.id)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', claim.now)]),
        eb.and([eb('status', '=', 'running'), eb('lease_expires_at', '<=', claim.now)]),
      ]),
    )
    .returningAll()
    .executeTakeFirst();
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
  db: DbOrTx,
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

export async function listJobs(
  db: DbOrTx,
  query: { status?: JobStatus | undefined; limit: number; before?: string | undefined },
): Promise<JobRow[]> {
  let select = db.selectFrom('jobs').selectAll();
  if (query.status) select = select.where('status', '=', query.status);
  if (query.before) select = select.where('id', '<', query.before);
  return select.orderBy('id', 'desc').limit(query.limit).execute();
}

export type JobScheduleRow = JobSchedulesTable;

export async function listSchedules(db: DbOrTx, names: string[]): Promise<JobScheduleRow[]> {
  if (names.length === 0) return [];
  return db.selectFrom('job_schedules').selectAll().where('name', 'in', names).execute();
}

/** Creates the schedule, or re-times it when its pattern changed since the row was written. */
export async function upsertSchedule(
  db: DbOrTx,
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
  db: DbOrTx,
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
