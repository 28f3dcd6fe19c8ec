import { LATENCY_BUCKET_BOUNDS_MS } from '../lib/host-activity.js';
import {
  rangeSpan,
  seriesPoints,
  type MetricRange,
  type SeriesPoint,
  type SeriesRow,
} from './host-series.js';
import type { MonitoringDeps } from './monitoring-deps.js';
import { hostRows, totalsOfAllHosts } from './series.repository.js';
import type { HostMetricsView, MetricsPoint } from './views.js';

const EMPTY_LATENCY = JSON.stringify(new Array<number>(LATENCY_BUCKET_BOUNDS_MS.length + 1).fill(0));

function toFigures(point: SeriesPoint): Omit<MetricsPoint, 'at'> {
  return {
    sessions: point.sessions,
    loginsSucceeded: point.logins.ok,
    loginsFailed: {
      wrongPassword: point.logins.wrong_password,
      disabled: point.logins.disabled,
      suspended: point.logins.suspended,
      throttled: point.logins.throttled,
    },
    messages: point.messages,
    activeMembers: point.activeMembers,
    uploadBytes: point.uploadBytes,
    latencyP50Ms: point.latencyP50Ms,
    latencyP99Ms: point.latencyP99Ms,
  };
}

function toView(
  range: MetricRange,
  span: ReturnType<typeof rangeSpan>,
  rows: readonly SeriesRow[],
): HostMetricsView {
  const { points, total } = seriesPoints(rows, span);
  return {
    range,
    from: new Date(span.fromMs).toISOString(),
    to: new Date(span.toMs).toISOString(),
    stepSeconds: span.stepMs / 1000,
    points: points.map((point) => ({ at: new Date(point.atMs).toISOString(), ...toFigures(point) })),
    totals: toFigures(total),
  };
}

/** One host's series over the range, every node's rows added up. The caller has checked access. */
export async function readHostMetrics(
  deps: MonitoringDeps,
  hostId: string,
  range: MetricRange,
): Promise<HostMetricsView> {
  const span = rangeSpan(range, deps.clock.nowMs());
  const rows = await hostRows(deps.db, span.table, hostId, {
    from: new Date(span.fromMs),
    to: new Date(span.toMs),
  });
  return toView(range, span, rows);
}

/** Every host together: the staff's view of the whole service. */
export async function readAllHostsMetrics(
  deps: MonitoringDeps,
  range: MetricRange,
): Promise<HostMetricsView> {
  const span = rangeSpan(range, deps.clock.nowMs());
  const rows = await totalsOfAllHosts(
    deps.db,
    span.table,
    { from: new Date(span.fromMs), to: new Date(span.toMs) },
    EMPTY_LATENCY,
  );
  return toView(range, span, rows);
}
