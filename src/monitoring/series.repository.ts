/**
 * The per-host series tables: one row per host, period (a minute, or an hour) and node. Both
 * tables have the same columns but the period's, so the queries are written once over either.
 */
import { sql } from 'kysely';
import type { HostMinuteFigures } from '../lib/host-activity.js';
import type { HostSeriesColumns } from '../platform/index.js';
import { emptyFigures, mergeOverTime, type Figures, type SeriesRow } from './host-series.js';
import type { MonitoringDb } from './monitoring-deps.js';

export type SeriesKind = 'minutes' | 'hours';

const TABLES = {
  minutes: { table: 'monitoring_host_minutes', period: 'minute' },
  hours: { table: 'monitoring_host_hours', period: 'hour' },
} as const;

type StoredRow = HostSeriesColumns & { period: string };

const COLUMNS = sql.raw(
  `host_id, node_id, sessions, logins_ok, logins_wrong_password, logins_disabled, logins_suspended,
   logins_throttled, messages, active_members, upload_bytes, latency_buckets`,
);

function toSeriesRow(row: StoredRow): SeriesRow {
  return {
    hostId: row.host_id,
    nodeId: row.node_id,
    atMs: Date.parse(row.period),
    sessions: Number(row.sessions),
    logins: {
      ok: Number(row.logins_ok),
      wrong_password: Number(row.logins_wrong_password),
      disabled: Number(row.logins_disabled),
      suspended: Number(row.logins_suspended),
      throttled: Number(row.logins_throttled),
    },
    messages: Number(row.messages),
    activeMembers: Number(row.active_members),
    uploadBytes: row.upload_bytes === null ? null : Number(row.upload_bytes),
    latency: JSON.parse(row.latency_buckets) as number[],
  };
}

/** Replaces the rows' periods outright (an hour recomputed from its minutes). */
async function upsert(db: MonitoringDb, kind: SeriesKind, rows: readonly SeriesRow[]): Promise<void> {
  const { table, period } = TABLES[kind];
  for (const row of rows) {
    await sql`
      insert into ${sql.table(table)} (${sql.ref(period)}, ${COLUMNS})
      values (${new Date(row.atMs).toISOString()}, ${row.hostId}, ${row.nodeId}, ${row.sessions},
              ${row.logins.ok}, ${row.logins.wrong_password}, ${row.logins.disabled},
              ${row.logins.suspended}, ${row.logins.throttled}, ${row.messages}, ${row.activeMembers},
              ${row.uploadBytes}, ${JSON.stringify(row.latency)})
      on conflict (host_id, ${sql.ref(period)}, node_id) do update set
        sessions = excluded.sessions, logins_ok = excluded.logins_ok,
        logins_wrong_password = excluded.logins_wrong_password,
        logins_disabled = excluded.logins_disabled, logins_suspended = excluded.logins_suspended,
        logins_throttled = excluded.logins_throttled, messages = excluded.messages,
        active_members = excluded.active_members, upload_bytes = excluded.upload_bytes,
        latency_buckets = excluded.latency_buckets`.execute(db);
  }
}

async function selectRows(
  db: MonitoringDb,
  kind: SeriesKind,
  where: { hostId: string | null; from: Date; to: Date },
): Promise<SeriesRow[]> {
  const { table, period } = TABLES[kind];
  const host = where.hostId === null ? sql`` : sql`and host_id = ${where.hostId}`;
  const result = await sql<StoredRow>`
    select ${sql.ref(period)} as period, ${COLUMNS} from ${sql.table(table)}
    where ${sql.ref(period)} >= ${where.from.toISOString()} and ${sql.ref(period)} < ${where.to.toISOString()}
    ${host}`.execute(db);
  return result.rows.map(toSeriesRow);
}

/**
 * Adds a flush's minutes to what this node already wrote for them: a node that flushed part of
 * a minute at shutdown and the rest after a restart keeps both parts.
 */
export async function addMinutes(
  db: MonitoringDb,
  nodeId: string,
  minutes: readonly HostMinuteFigures[],
): Promise<void> {
  if (minutes.length === 0) return;
  await db.transaction().execute(async (tx) => {
    const merged: SeriesRow[] = [];
    for (const minute of minutes) {
      const atMs = minute.minute.getTime();
      const existing = await sql<StoredRow>`
        select minute as period, ${COLUMNS} from monitoring_host_minutes
        where host_id = ${minute.hostId} and minute = ${minute.minute.toISOString()} and node_id = ${nodeId}`.execute(
        tx,
      );
      const base: Figures = existing.rows[0] ? toSeriesRow(existing.rows[0]) : emptyFigures();
      merged.push({ hostId: minute.hostId, nodeId, atMs, ...mergeOverTime(base, minute) });
    }
    await upsert(tx, 'minutes', merged);
  });
}

export const replaceHours = (db: MonitoringDb, rows: readonly SeriesRow[]) => upsert(db, 'hours', rows);

/** One host's rows in [from, to), every node's. */
export const hostRows = (
  db: MonitoringDb,
  kind: SeriesKind,
  hostId: string,
  span: { from: Date; to: Date },
) => selectRows(db, kind, { hostId, ...span });

/** Every host's minutes in [from, to): the hourly rollup's input. */
export const minuteRowsOfAllHosts = (db: MonitoringDb, span: { from: Date; to: Date }) =>
  selectRows(db, 'minutes', { hostId: null, ...span });

/**
 * Every host's rows in [from, to), added up per period in SQL (the staff's server-wide chart).
 * Latency histograms cannot be added in SQL, so they come as the periods' rows that have samples.
 */
export async function totalsOfAllHosts(
  db: MonitoringDb,
  kind: SeriesKind,
  span: { from: Date; to: Date },
  emptyLatency: string,
): Promise<SeriesRow[]> {
  const { table, period } = TABLES[kind];
  const between = sql`${sql.ref(period)} >= ${span.from.toISOString()} and ${sql.ref(period)} < ${span.to.toISOString()}`;
  const sums = await sql<StoredRow>`
    select ${sql.ref(period)} as period, 'all' as host_id, 'all' as node_id,
      sum(sessions) as sessions, sum(logins_ok) as logins_ok,
      sum(logins_wrong_password) as logins_wrong_password, sum(logins_disabled) as logins_disabled,
      sum(logins_suspended) as logins_suspended, sum(logins_throttled) as logins_throttled,
      sum(messages) as messages, sum(active_members) as active_members,
      sum(upload_bytes) as upload_bytes, cast(${emptyLatency} as text) as latency_buckets
    from ${sql.table(table)} where ${between} group by ${sql.ref(period)}`.execute(db);
  const latencies = await sql<{ period: string; latency_buckets: string }>`
    select ${sql.ref(period)} as period, latency_buckets from ${sql.table(table)}
    where ${between} and latency_buckets <> ${emptyLatency}`.execute(db);
  const rows = sums.rows.map(toSeriesRow);
  for (const latency of latencies.rows)
    rows.push({
      ...emptyFigures(),
      hostId: 'all',
      nodeId: 'latency',
      atMs: Date.parse(latency.period),
      latency: JSON.parse(latency.latency_buckets) as number[],
    });
  return rows;
}

export interface HostTotals {
  hostId: string;
  messages: number;
  peakSessions: number;
  loginsOk: number;
  loginsFailed: number;
}

/** The hosts with the most messages (then sessions) in [from, to), staff's "busiest hosts". */
export async function busiestHosts(
  db: MonitoringDb,
  kind: SeriesKind,
  span: { from: Date; to: Date },
  limit: number,
): Promise<HostTotals[]> {
  const { table, period } = TABLES[kind];
  const result = await sql<{
    host_id: string;
    messages: number | string;
    peak_sessions: number | string;
    logins_ok: number | string;
    logins_failed: number | string;
  }>`
    select host_id, sum(messages) as messages, max(sessions) as peak_sessions,
      sum(logins_ok) as logins_ok,
      sum(logins_wrong_password + logins_disabled + logins_suspended + logins_throttled) as logins_failed
    from ${sql.table(table)}
    where ${sql.ref(period)} >= ${span.from.toISOString()} and ${sql.ref(period)} < ${span.to.toISOString()}
    group by host_id
    order by sum(messages) desc, max(sessions) desc, host_id
    limit ${limit}`.execute(db);
  return result.rows.map((row) => ({
    hostId: row.host_id,
    messages: Number(row.messages),
    peakSessions: Number(row.peak_sessions),
    loginsOk: Number(row.logins_ok),
    loginsFailed: Number(row.logins_failed),
  }));
}

/** Deletes rows whose period starts before `before`; returns how many went. */
export async function purgeSeries(db: MonitoringDb, kind: SeriesKind, before: Date): Promise<number> {
  const { table, period } = TABLES[kind];
  const result =
    await sql`delete from ${sql.table(table)} where ${sql.ref(period)} < ${before.toISOString()}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** The first period either table holds for any host: how far back the figures reach. */
export async function earliestPeriod(db: MonitoringDb): Promise<Date | null> {
  const result = await sql<{ earliest: string | null }>`
    select min(earliest) as earliest from (
      select min(hour) as earliest from monitoring_host_hours
      union all select min(minute) as earliest from monitoring_host_minutes
    ) periods`.execute(db);
  const earliest = result.rows[0]?.earliest;
  return earliest ? new Date(earliest) : null;
}
