/**
 * Monitoring the customer can see: each IM host's figures (sessions, logins by outcome, messages,
 * active members, stored bytes, delivery latency) as minute rows kept 48 hours and hour rows kept
 * 90 days, each member's recent login attempts and last client, and this node's process figures
 * for staff. The IM server counts and flushes through `sink`; every read names the host, and the
 * caller (the API) has checked that the actor may see it.
 */
import type { Clock } from '../lib/clock.js';
import type { HostActivityBatch } from '../lib/host-activity.js';
import {
  monotonicIdSource,
  scopedDb,
  type DatabaseHandle,
  type MonitoringTables,
  type Platform,
} from '../platform/index.js';
import { rangeSpan, type MetricRange } from './host-series.js';
import {
  failedLoginsOfHostSince,
  recentFailedLoginsOfMember,
  type FailedLogin,
} from './login-attempts.repository.js';
import { failedLoginCountSince } from './failed-login-count.js';
import { memberActivity, type MemberActivity } from './member-activity.js';
import type { MonitoringDeps } from './monitoring-deps.js';
import type { MonitoringConfig } from './monitoring-options.js';
import { createProcessProbe, type ProcessFigures } from './process-figures.js';
import { purgeMonitoring } from './purge-monitoring.js';
import { readAllHostsMetrics, readHostMetrics } from './read-host-metrics.js';
import { recordActivity } from './record-activity.js';
import { rollUpRecentHours } from './roll-up-hours.js';
import { busiestHosts, type HostTotals } from './series.repository.js';
import type { HostMetricsView } from './views.js';

export { monitoringConfig, type MonitoringConfig } from './monitoring-options.js';
export { METRIC_RANGES, type MetricRange } from './host-series.js';
export type { FailedLogin } from './login-attempts.repository.js';
export type { MemberActivity } from './member-activity.js';
export type { ProcessFigures } from './process-figures.js';
export type { HostTotals } from './series.repository.js';
/** The view schemas, which the API serves as its response schemas. */
export * as monitoringViews from './views.js';

export const ROLL_UP_JOB = 'monitoring.roll-up-hours';
export const PURGE_JOB = 'monitoring.purge';

export interface Monitoring {
  /** Where the IM server's activity meter flushes to. */
  sink: { record(batch: HostActivityBatch): Promise<void> };
  hostMetrics(hostId: string, range: MetricRange): Promise<HostMetricsView>;
  allHostsMetrics(range: MetricRange): Promise<HostMetricsView>;
  busiestHosts(range: MetricRange, limit: number): Promise<HostTotals[]>;
  /** Client and recent failed logins of these members of one host, by username. */
  memberActivity(hostId: string, usernames: readonly string[]): Promise<Map<string, MemberActivity>>;
  /** Failed logins of a host at or after `since`, newest first (security audits, troubleshooting). */
  failedLoginsOfHostSince(hostId: string, since: Date, limit?: number): Promise<FailedLogin[]>;
  /** How many logins failed at the host since `since`, and how far back the figures really reach. */
  failedLoginCountSince(hostId: string, since: Date): Promise<{ count: number; coveredFrom: Date }>;
  /** One member's latest failed logins, newest first (member troubleshooting). */
  recentFailedLoginsOfMember(hostId: string, username: string, limit?: number): Promise<FailedLogin[]>;
  processFigures(): ProcessFigures;
  /** The jobs' work, callable by hand (tests, and a simulated clock that jumped). */
  rollUpHours(): Promise<number>;
  purge(): Promise<{ minutes: number; hours: number; loginAttempts: number }>;
  stop(): void;
}

export interface MonitoringOptions {
  config: MonitoringConfig;
  clock: Clock;
  database: DatabaseHandle;
  platform: Platform;
}

const DEFAULT_LIMIT = 100;

export function createMonitoring(options: MonitoringOptions): Monitoring {
  const { clock, platform } = options;
  const deps: MonitoringDeps = {
    db: scopedDb<MonitoringTables>(options.database.db),
    clock,
    newId: monotonicIdSource(clock),
    nodeId: options.config.nodeId,
  };
  const probe = createProcessProbe(deps.nodeId);
  platform.jobs.define(ROLL_UP_JOB, async () => {
    await rollUpRecentHours(deps);
  });
  platform.jobs.every(ROLL_UP_JOB, '*/5 * * * *');
  platform.jobs.define(PURGE_JOB, async () => {
    await purgeMonitoring(deps);
  });
  platform.jobs.every(PURGE_JOB, '17 * * * *');

  return {
    sink: { record: (batch) => recordActivity(deps, batch) },
    hostMetrics: (hostId, range) => readHostMetrics(deps, hostId, range),
    allHostsMetrics: (range) => readAllHostsMetrics(deps, range),
    busiestHosts(range, limit) {
      const span = rangeSpan(range, clock.nowMs());
      return busiestHosts(
        deps.db,
        span.table,
        { from: new Date(span.fromMs), to: new Date(span.toMs) },
        limit,
      );
    },
    memberActivity: (hostId, usernames) => memberActivity(deps, hostId, usernames),
    failedLoginsOfHostSince: (hostId, since, limit = DEFAULT_LIMIT) =>
      failedLoginsOfHostSince(deps.db, hostId, since, limit),
    failedLoginCountSince: (hostId, since) => failedLoginCountSince(deps, hostId, since),
    recentFailedLoginsOfMember: (hostId, username, limit = DEFAULT_LIMIT) =>
      recentFailedLoginsOfMember(deps.db, hostId, username, limit),
    processFigures: () => probe.read(),
    rollUpHours: () => rollUpRecentHours(deps),
    purge: () => purgeMonitoring(deps),
    stop: () => probe.stop(),
  };
}
