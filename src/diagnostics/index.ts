/**
 * "Check my IM host": the steps a member's app goes through (DNS, ports, TLS and certificate, the
 * stream, a login, a round trip), run from outside against the host's real records and ports, each
 * with a plain-language result and fix. Reports are kept so one can be attached to a ticket.
 */
import { readFileSync } from 'node:fs';
import type { Clock } from '../lib/clock.js';
import { AppError } from '../lib/errors.js';
import {
  monotonicIdSource,
  scopedDb,
  type DatabaseHandle,
  type DiagnosticsTables,
} from '../platform/index.js';
import type { Actor, Tenancy } from '../tenancy/index.js';
import { comparePerformance, type DeliveryFigures } from './compare-performance.js';
import type { Credentials, DiagnosticsDns, ProbeDeps } from './diagnostics-deps.js';
import type { DiagnosticsConfig } from './diagnostics-options.js';
import { renderReport } from './render-report.js';
import { reportsRepository, type ReportRow } from './reports.repository.js';
import { runDiagnostics } from './run-diagnostics.js';
import { createRunLimiter } from './run-limiter.js';
import type { DiagnosticReport, DiagnosticStep } from './views.js';

export { diagnosticsConfig, type DiagnosticsConfig } from './diagnostics-options.js';
export type { Credentials, DiagnosticsDns } from './diagnostics-deps.js';
export * as diagnosticsViews from './views.js';
export type { DiagnosticReport, DiagnosticStep } from './views.js';

/** Reports are kept this long; a month-old check says little about the host today. */
const KEEP_MS = 30 * 86_400_000;

export interface DiagnosticsOptions {
  config: DiagnosticsConfig;
  clock: Clock;
  database: DatabaseHandle;
  tenancy: Pick<Tenancy, 'hosts'>;
  /** The domains area's resolver, so the check sees what its DNS table sees. */
  dns: DiagnosticsDns;
  /** Where this service expects hosts' records to point, for the fix texts. */
  service: { hostname: string; c2sPort: number; c2sTlsPort: number };
  /** The host's delivery figures over the last day and week (the monitoring area's), for the comparison. */
  deliveryFigures?(hostId: string): Promise<{ day: DeliveryFigures; week: DeliveryFigures }>;
}

export interface Diagnostics {
  /** Runs the check now (the login test only with credentials) and keeps the report. */
  run(actor: Actor, hostId: string, credentials: Credentials | undefined): Promise<DiagnosticReport>;
  /** The host's last report, or null. */
  latest(actor: Actor, hostId: string): Promise<DiagnosticReport | null>;
  get(actor: Actor, hostId: string, reportId: string): Promise<DiagnosticReport>;
  /** A report as plain text, for a support ticket. */
  render(report: DiagnosticReport): string;
  /**
   * The operator's view (`imhost doctor`): the same steps for any domain, without a login, neither
   * kept nor rate-limited.
   */
  probe(domain: string): Promise<DiagnosticStep[]>;
}

function toReport(row: ReportRow): DiagnosticReport {
  const report = JSON.parse(row.report) as DiagnosticReport;
  return { ...report, performance: report.performance ?? null };
}

/** A member is named by username; "anna@their.domain" is accepted for the host's own domain. */
function usernameOf(username: string, domain: string): string {
  const at = username.lastIndexOf('@');
  if (at < 0) return username.trim();
  if (username.slice(at + 1).toLowerCase() !== domain.toLowerCase())
    throw new AppError('diagnostics_member_elsewhere', { details: { domain } });
  return username.slice(0, at).trim();
}

export function createDiagnostics(options: DiagnosticsOptions): Diagnostics {
  const { config, clock, tenancy } = options;
  const repository = reportsRepository(scopedDb<DiagnosticsTables>(options.database.db));
  const newId = monotonicIdSource(clock);
  const limiter = createRunLimiter(clock, config.diagnosticsRunsPerHour);
  const deps: ProbeDeps = {
    dns: options.dns,
    clock,
    timeoutMs: config.diagnosticsTimeoutMs,
    ca: config.diagnosticsCaFile ? readFileSync(config.diagnosticsCaFile, 'utf8') : undefined,
    fixContext: (domain) => ({
      domain,
      serviceHostname: options.service.hostname,
      c2sPort: options.service.c2sPort,
      c2sTlsPort: options.service.c2sTlsPort,
    }),
  };

  return {
    async run(actor, hostId, credentials) {
      const host = await tenancy.hosts.get(actor, hostId);
      const member = credentials ? usernameOf(credentials.username, host.domain) : undefined;
      return limiter.run(host.id, async () => {
        const steps = await runDiagnostics(
          deps,
          host.domain,
          credentials && member !== undefined
            ? { username: member, password: credentials.password }
            : undefined,
        );
        const counted = steps.filter((step) => step.status !== 'skipped');
        const status = counted.some((step) => step.status === 'failed')
          ? 'failed'
          : counted.some((step) => step.status === 'warning')
            ? 'warning'
            : 'passed';
        const roundTrip = steps.find((step) => step.name === 'round_trip')?.latencyMs ?? null;
        const figures = await options.deliveryFigures?.(host.id);
        const now = clock.now();
        const report: DiagnosticReport = {
          id: newId('diag'),
          hostId: host.id,
          domain: host.domain,
          createdAt: now.toISOString(),
          status,
          member: member ?? null,
          steps,
          performance: figures ? comparePerformance(roundTrip, figures.day, figures.week) : null,
        };
        await repository.insert({
          id: report.id,
          customer_id: host.customerId,
          host_id: host.id,
          status,
          report: JSON.stringify(report),
          created_at: report.createdAt,
        });
        await repository.deleteOlderThan(
          host.customerId,
          host.id,
          new Date(now.getTime() - KEEP_MS).toISOString(),
        );
        return report;
      });
    },
    async latest(actor, hostId) {
      const host = await tenancy.hosts.get(actor, hostId);
      const row = await repository.latest(host.customerId, host.id);
      return row ? toReport(row) : null;
    },
    async get(actor, hostId, reportId) {
      const host = await tenancy.hosts.get(actor, hostId);
      const row = await repository.find(host.customerId, host.id, reportId);
      if (!row) throw new AppError('diagnostic_report_not_found');
      return toReport(row);
    },
    render: renderReport,
    probe: (domain) => runDiagnostics(deps, domain, undefined),
  };
}
