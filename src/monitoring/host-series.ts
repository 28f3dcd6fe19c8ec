/**
 * The rollup math, pure: how minutes become hours, how several nodes' rows become one figure, and
 * how rows become the evenly spaced points a chart draws. Counters add up; gauges (sessions,
 * active members) take the peak over time and add up across nodes; stored bytes take the latest
 * measurement; latency histograms add up and percentiles are read off the sum.
 */
import {
  emptyLatencyHistogram,
  latencyPercentile,
  mergeLatency,
  type LoginOutcome,
} from '../lib/host-activity.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export interface Figures {
  sessions: number;
  logins: Record<LoginOutcome, number>;
  messages: number;
  activeMembers: number;
  uploadBytes: number | null;
  latency: number[];
}

/** One stored row: what one node counted for one host in one period (a minute or an hour). */
export interface SeriesRow extends Figures {
  hostId: string;
  nodeId: string;
  /** The period's start, ms since the epoch. */
  atMs: number;
}

export function emptyFigures(): Figures {
  return {
    sessions: 0,
    logins: { ok: 0, wrong_password: 0, disabled: 0, suspended: 0, throttled: 0 },
    messages: 0,
    activeMembers: 0,
    uploadBytes: null,
    latency: emptyLatencyHistogram(),
  };
}

function addCounters(into: Figures, from: Figures): void {
  for (const outcome of Object.keys(into.logins) as LoginOutcome[])
    into.logins[outcome] += from.logins[outcome];
  into.messages += from.messages;
  mergeLatency(into.latency, from.latency);
}

/**
 * Adds a later stretch of the same series (the next minute of the hour, or a second write of the
 * same minute): gauges keep their peak, stored bytes their latest measurement.
 */
export function mergeOverTime(into: Figures, later: Figures): Figures {
  addCounters(into, later);
  into.sessions = Math.max(into.sessions, later.sessions);
  into.activeMembers = Math.max(into.activeMembers, later.activeMembers);
  if (later.uploadBytes !== null) into.uploadBytes = later.uploadBytes;
  return into;
}

/**
 * Adds what another node (or another host, for the staff's totals) saw in the same period. Every
 * node measures the same shared upload store, so bytes take the largest measurement, not the sum.
 */
export function mergeAcrossNodes(into: Figures, other: Figures): Figures {
  addCounters(into, other);
  into.sessions += other.sessions;
  into.activeMembers += other.activeMembers;
  if (other.uploadBytes !== null) into.uploadBytes = Math.max(into.uploadBytes ?? 0, other.uploadBytes);
  return into;
}

function copyFigures(figures: Figures): Figures {
  return mergeOverTime(emptyFigures(), figures);
}

/** Minute rows rolled up into hour rows, still one per host and node. */
export function rollUpHours(minutes: readonly SeriesRow[]): SeriesRow[] {
  const hours = new Map<string, SeriesRow>();
  for (const minute of [...minutes].sort((a, b) => a.atMs - b.atMs)) {
    const atMs = Math.floor(minute.atMs / HOUR_MS) * HOUR_MS;
    const key = `${minute.hostId} ${minute.nodeId} ${atMs}`;
    const hour = hours.get(key);
    if (hour) mergeOverTime(hour, minute);
    else hours.set(key, { hostId: minute.hostId, nodeId: minute.nodeId, atMs, ...copyFigures(minute) });
  }
  return [...hours.values()];
}

export interface SeriesPoint {
  atMs: number;
  sessions: number;
  logins: Record<LoginOutcome, number>;
  messages: number;
  activeMembers: number;
  uploadBytes: number | null;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
}

function toPoint(atMs: number, figures: Figures): SeriesPoint {
  return {
    atMs,
    sessions: figures.sessions,
    logins: figures.logins,
    messages: figures.messages,
    activeMembers: figures.activeMembers,
    uploadBytes: figures.uploadBytes,
    latencyP50Ms: latencyPercentile(figures.latency, 0.5),
    latencyP99Ms: latencyPercentile(figures.latency, 0.99),
  };
}

/**
 * Evenly spaced points over [fromMs, toMs), `stepMs` apart, from rows of any hosts and nodes:
 * the rows of one period are first added across nodes, then periods are merged over time into
 * their step. Steps without rows are zero; stored bytes carry the last measurement forward, as
 * files stay stored while nobody measures them. Also returns the whole range as one figure.
 */
export function seriesPoints(
  rows: readonly SeriesRow[],
  span: { fromMs: number; toMs: number; stepMs: number },
): { points: SeriesPoint[]; total: SeriesPoint } {
  const periods = new Map<number, Figures>();
  for (const row of rows) {
    if (row.atMs < span.fromMs || row.atMs >= span.toMs) continue;
    const period = periods.get(row.atMs);
    if (period) mergeAcrossNodes(period, row);
    else periods.set(row.atMs, copyFigures(row));
  }
  const steps: Figures[] = [];
  const stepCount = Math.ceil((span.toMs - span.fromMs) / span.stepMs);
  for (let i = 0; i < stepCount; i++) steps.push(emptyFigures());
  for (const [atMs, figures] of [...periods].sort(([a], [b]) => a - b)) {
    const step = steps[Math.floor((atMs - span.fromMs) / span.stepMs)];
    if (step) mergeOverTime(step, figures);
  }
  const total = emptyFigures();
  let lastBytes: number | null = null;
  const points = steps.map((figures, i) => {
    mergeOverTime(total, figures);
    if (figures.uploadBytes === null) figures.uploadBytes = lastBytes;
    lastBytes = figures.uploadBytes;
    return toPoint(span.fromMs + i * span.stepMs, figures);
  });
  return { points, total: toPoint(span.fromMs, total) };
}

/** What each kept table holds: rows older than the cutoff are purged. */
export const RETENTION = {
  minutesMs: 48 * HOUR_MS,
  hoursMs: 90 * DAY_MS,
  loginAttemptsMs: 30 * DAY_MS,
} as const;

/** Rows whose period starts before these instants are past their retention. */
export function retentionCutoffs(nowMs: number): { minutes: Date; hours: Date; loginAttempts: Date } {
  return {
    minutes: new Date(nowMs - RETENTION.minutesMs),
    hours: new Date(nowMs - RETENTION.hoursMs),
    loginAttempts: new Date(nowMs - RETENTION.loginAttemptsMs),
  };
}

export const METRIC_RANGES = ['24h', '7d', '30d'] as const;
export type MetricRange = (typeof METRIC_RANGES)[number];

/**
 * Which table a range reads and how far apart its points are: a day from the minutes in
 * 10-minute steps, a week from the hours hour by hour, a month in 4-hour steps. Ranges end at the
 * end of the current step, so the latest figures are in the last point.
 */
export function rangeSpan(
  range: MetricRange,
  nowMs: number,
): { table: 'minutes' | 'hours'; fromMs: number; toMs: number; stepMs: number } {
  const spec = {
    '24h': { table: 'minutes', lengthMs: DAY_MS, stepMs: 10 * MINUTE_MS },
    '7d': { table: 'hours', lengthMs: 7 * DAY_MS, stepMs: HOUR_MS },
    '30d': { table: 'hours', lengthMs: 30 * DAY_MS, stepMs: 4 * HOUR_MS },
  } as const;
  const { table, lengthMs, stepMs } = spec[range];
  const toMs = Math.floor(nowMs / stepMs) * stepMs + stepMs;
  return { table, fromMs: toMs - lengthMs, toMs, stepMs };
}
