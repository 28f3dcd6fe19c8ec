/**
 * Security audits of each IM host: weekly by the scheduler and on demand, each check a pass, warn
 * or fail with a fix in plain words (TLS measured by real handshakes, the certificate, login
 * methods, DNS, idle and attacked accounts, two-factor sign-in, the software version). Runs are kept
 * as the host's history; a check that newly fails emails the customer's owners and staff once.
 */
import type { Clock } from '../lib/clock.js';
import { AppError } from '../lib/errors.js';
import {
  monotonicIdSource,
  scopedDb,
  type DatabaseHandle,
  type Platform,
  type SecurityTables,
} from '../platform/index.js';
import type { Accounts } from '../accounts/index.js';
import type { Actor, Tenancy } from '../tenancy/index.js';
import { auditsRepository } from './audits.repository.js';
import { allPages } from './all-pages.js';
import { judgeStaffTwoFactor } from './checks/member-checks.js';
import { judgeVersion } from './checks/version-check.js';
import { listDueHosts, nextAuditAt, SWEEP_CRON } from './audit-schedule.js';
import { runSecurityAudit } from './run-security-audit.js';
import type { SecurityDeps, SecurityPorts } from './security-deps.js';
import { toAuditSummary, toAuditView, toReportRow } from './describe-audit.js';
import type { HostAuditView, ServerAuditReport } from './views.js';

export type { AuditEndpoints, DomainFacts, LoginWatch, SecurityPorts } from './security-deps.js';
export type { FailedLoginHistory } from './checks/login-spike-check.js';
export type { HostAuditView, ServerAuditReport } from './views.js';
export * as securityViews from './views.js';
export { securityMailTemplates } from './mail-templates.js';

const SWEEP_JOB = 'security.audit-sweep';
const HISTORY_LENGTH = 52;

export interface SecurityAuditsOptions {
  config: { publicUrl: string; staff2fa: 'required' | 'optional' };
  version: string;
  clock: Clock;
  database: DatabaseHandle;
  platform: Platform;
  tenancy: Tenancy;
  accounts: Accounts;
  ports: SecurityPorts;
}

export interface SecurityAudits {
  /** The host's latest audit and its history; another customer's host is host_not_found. */
  describe(actor: Actor, hostId: string): Promise<HostAuditView>;
  /** Audits the host now. */
  run(actor: Actor, hostId: string): Promise<HostAuditView>;
  /** Staff: the server's own checks, then every host's latest audit, failures first. */
  report(): Promise<ServerAuditReport>;
  /** One pass of the scheduler: audits the hosts whose weekly audit is due. */
  sweep(): Promise<number>;
}

export function createSecurityAudits(options: SecurityAuditsOptions): SecurityAudits {
  const { clock, platform, tenancy, accounts } = options;
  const deps: SecurityDeps = {
    db: scopedDb<SecurityTables>(options.database.db),
    clock,
    newId: monotonicIdSource(clock),
    tenancy,
    accounts,
    platform,
    mailer: platform.mailer,
    logger: platform.logger.child({ area: 'security' }),
    ports: options.ports,
    config: { ...options.config, version: options.version },
  };
  const audits = auditsRepository(deps.db);

  // One run per host at a time: "Run now" during the weekly run waits for it instead of racing it
  // (two racing runs could both see a failure as new and email it twice).
  const running = new Map<string, Promise<unknown>>();
  async function runExclusive(
    host: { id: string; customerId: string; domain: string },
    trigger: 'schedule' | 'manual',
  ) {
    const pending = running.get(host.id);
    if (pending) await pending.catch(() => undefined);
    const run = runSecurityAudit(deps, host, trigger).finally(() => running.delete(host.id));
    running.set(host.id, run);
    return run;
  }

  async function describe(actor: Actor, hostId: string): Promise<HostAuditView> {
    const host = await tenancy.hosts.get(actor, hostId);
    const [latest, ...history] = await audits.listForHost(host.id, HISTORY_LENGTH + 1);
    return {
      domain: host.domain,
      latest: latest ? toAuditView(latest) : null,
      nextScheduledAt: host.status === 'terminated' ? null : nextAuditAt(latest, clock.now()),
      history: history.map(toAuditSummary),
    };
  }

  async function sweep(): Promise<number> {
    const due = await listDueHosts(deps, tenancy);
    for (const host of due)
      await runExclusive(host, 'schedule').catch((error: unknown) =>
        deps.logger.error({ err: error, domain: host.domain }, 'security audit failed'),
      );
    return due.length;
  }

  platform.jobs.define(SWEEP_JOB, async () => void (await sweep()), { maxAttempts: 1 });
  platform.jobs.every(SWEEP_JOB, SWEEP_CRON);

  return {
    describe,
    async run(actor, hostId) {
      const host = await tenancy.hosts.get(actor, hostId);
      if (host.status === 'terminated') throw new AppError('host_not_found');
      await runExclusive(host, 'manual');
      return describe(actor, hostId);
    },
    async report() {
      const [staff, latest, feed, hosts] = await Promise.all([
        allPages((query) => accounts.listStaff(query)),
        audits.latestPerHost(),
        platform.releaseFeed.status(deps.config.version),
        allPages((query) => tenancy.hosts.listAll(query)),
      ]);
      const byHost = new Map(latest.map((row) => [row.host_id, row]));
      return {
        server: [
          judgeStaffTwoFactor(staff, options.config.staff2fa === 'required'),
          judgeVersion(feed, clock.now()),
        ],
        hosts: hosts
          .filter((host) => host.status !== 'terminated')
          .map((host) => toReportRow(host, byHost.get(host.id)))
          .sort((a, b) => rank(b.worst) - rank(a.worst) || a.domain.localeCompare(b.domain)),
      };
    },
    sweep,
  };
}

const rank = (status: string | null) =>
  status === 'fail' ? 3 : status === 'warn' ? 2 : status === null ? 1 : 0;
