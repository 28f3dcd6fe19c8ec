/**
 * The customer's own domain, end to end: ownership proven by a TXT record, the DNS records checked
 * (not described), and a trusted certificate by ACME, renewed and checked where it is served. The
 * XMPP server reads only `servedDirectory`: with verification required, an unproven domain is not
 * served at all.
 */
import type { Clock } from '../lib/clock.js';
import { AppError } from '../lib/errors.js';
import {
  monotonicIdSource,
  scopedDb,
  type DatabaseHandle,
  type DomainsTables,
  type Platform,
} from '../platform/index.js';
import type { CertificateStore } from '../platform/tls/index.js';
import type { Actor, CustomerNames, DirectoryHost, Tenancy, TenancyDirectory } from '../tenancy/index.js';
import type { ChallengeAnswers } from './acme-client.js';
import { alertsRepository } from './alerts.repository.js';
import { certificatesRepository } from './certificates.repository.js';
import { checkDomain, type HostRef } from './check-domain.js';
import { claimsRepository } from './claims.repository.js';
import { certificateView, describeDomain, verificationStatus } from './describe-domain.js';
import type { DomainRecipients, DomainsConfig, DomainsDeps, TlsEndpoints } from './domains-deps.js';
import { nowIso } from './domains-deps.js';
import { ensureClaim } from './ensure-claim.js';
import { alertIfExpiring, issueCertificate, pendingCertificateRow } from './issue-certificate.js';
import { prepareHostName } from './prepare-host-name.js';
import { createDnsLookup, type DnsLookup } from './resolver.js';
import { verifyClaim } from './verify-claim.js';
import type { DomainOverviewRow, DomainView } from './views.js';

export type { DomainRecipients, TlsEndpoints } from './domains-deps.js';
export type { DnsLookup } from './resolver.js';
export type { DomainOverviewRow, DomainView } from './views.js';
export * as domainsViews from './views.js';
export { domainsMailTemplates } from './mail-templates.js';
// The domain's registration (RDAP, reminders, auto-renewal) is its own part of the area.
export * from './registration/index.js';

const SWEEP_JOB = 'domains.sweep';
const SWEEP_BATCH = 50;

export interface DomainsOptions {
  config: DomainsConfig;
  clock: Clock;
  database: DatabaseHandle;
  platform: Platform;
  tenancy: Tenancy;
  certificates: CertificateStore;
  recipients: DomainRecipients;
  customerNames: CustomerNames;
  /** Tests give their own resolver; otherwise one from IMHOST_DNS_SERVERS. */
  dns?: DnsLookup;
}

export interface Domains {
  /** The one resolver of domain lookups (IMHOST_DNS_SERVERS), for other areas' checks to share. */
  readonly dns: DnsLookup;
  describe(actor: Actor, hostId: string): Promise<DomainView>;
  /** Looks up the host's records now, and issues its certificate when it has become due. */
  check(actor: Actor, hostId: string): Promise<DomainView>;
  /** Staff: verified by hand, with the reason the audit log keeps. */
  verifyByStaff(hostId: string, reason: string): Promise<DomainView>;
  /** Before creating a host: an unverified holder of the name gives way (see prepare-host-name.ts). */
  prepareHostName(customerId: string, domain: string): Promise<void>;
  /** Every host's domain, failures first, then the nearest deadline. */
  overview(): Promise<DomainOverviewRow[]>;
  /** The directory the XMPP server reads: a host whose domain must be proven and is not is absent. */
  servedDirectory(directory: TenancyDirectory): TenancyDirectory;
  /** The http-01 answer for a token, while the CA asks. */
  challengeAnswer(token: string): string | undefined;
  /** Where the XMPP listeners are, once they listen (the served-certificate check connects there). */
  setTlsEndpoints(endpoints: TlsEndpoints): void;
  /** Called when a domain starts (or stops) being served, e.g. once verified. */
  onServingChanged(listener: (domain: string) => void): void;
  /** One pass of the scheduler's work: expiries, due DNS checks, due certificates. */
  sweep(): Promise<void>;
}

export function createDomains(options: DomainsOptions): Domains {
  const { config, clock, platform, tenancy } = options;
  let endpoints: TlsEndpoints | undefined;
  const answers: ChallengeAnswers = new Map();
  const servingListeners: ((domain: string) => void)[] = [];
  const deps: DomainsDeps = {
    db: scopedDb<DomainsTables>(options.database.db),
    clock,
    config,
    newId: monotonicIdSource(clock),
    dns: options.dns ?? createDnsLookup(config.dnsServers),
    certificates: options.certificates,
    tenancy,
    mailer: platform.mailer,
    jobs: platform.jobs,
    recipients: options.recipients,
    logger: platform.logger.child({ area: 'domains' }),
    tlsEndpoints: () => endpoints,
    servingChanged: (domain) => servingListeners.forEach((listener) => listener(domain)),
  };
  const claims = claimsRepository(deps.db);
  const acme = certificatesRepository(deps.db);
  const isAcme = config.acmeDirectoryUrl !== undefined;

  async function hostFor(actor: Actor, hostId: string): Promise<HostRef> {
    const host = await tenancy.hosts.get(actor, hostId);
    return { id: host.id, customerId: host.customerId, domain: host.domain };
  }

  /** With ACME, a host gets a certificate once it may be served; off, ACME's own challenge suffices. */
  async function scheduleCertificate(host: HostRef): Promise<void> {
    if (!isAcme || (await acme.find(host.id))) return;
    await acme.upsert(pendingCertificateRow(deps, host));
  }

  async function mayBeServed(host: HostRef): Promise<boolean> {
    if (config.domainVerification === 'off') return true;
    return (await ensureClaim(deps, host)).status === 'verified';
  }

  async function checkHost(host: HostRef): Promise<void> {
    const claim = await ensureClaim(deps, host);
    await checkDomain(deps, host, claim);
    if (await mayBeServed(host)) await scheduleCertificate(host);
  }

  // One order per host at a time: a "Check DNS now" during the sweep's attempt waits for it
  // instead of ordering a second certificate.
  const ordering = new Map<string, Promise<void>>();

  async function issueIfDue(host: HostRef): Promise<void> {
    const pending = ordering.get(host.id);
    if (pending) return pending;
    const attempt = (async () => {
      const row = await acme.find(host.id);
      if (!row?.next_attempt_at || row.next_attempt_at > nowIso(deps)) return;
      if (!(await mayBeServed(host))) return;
      await issueCertificate(deps, host, answers);
    })().finally(() => ordering.delete(host.id));
    ordering.set(host.id, attempt);
    return attempt;
  }

  async function sweep(): Promise<void> {
    await claims.expirePending(nowIso(deps));
    for (const claim of await claims.listDue(nowIso(deps), SWEEP_BATCH)) {
      await checkHost({ id: claim.host_id!, customerId: claim.customer_id, domain: claim.domain }).catch(
        (error: unknown) => deps.logger.error({ err: error, domain: claim.domain }, 'domain check failed'),
      );
    }
    for (const row of await acme.listDue(nowIso(deps), SWEEP_BATCH)) {
      const host = { id: row.host_id, customerId: row.customer_id, domain: row.domain };
      await issueIfDue(host);
    }
    // Whatever its source (ACME or the operator's), a trusted certificate near its end alerts.
    for (const claim of await claims.listAll()) {
      const held = await deps.certificates.info(claim.domain);
      if (held && held.source !== 'self_signed')
        await alertIfExpiring(
          deps,
          { id: claim.host_id!, customerId: claim.customer_id, domain: claim.domain },
          held.notAfter,
        );
    }
  }

  // A host's claim is made on first need (ensureClaim), so hosts created by any path get one.
  platform.jobs.define(SWEEP_JOB, sweep, { maxAttempts: 1 });
  platform.jobs.every(SWEEP_JOB, '*/5 * * * *');

  return {
    dns: deps.dns,
    async describe(actor, hostId) {
      const host = await hostFor(actor, hostId);
      return describeDomain(deps, host, await ensureClaim(deps, host));
    },
    async check(actor, hostId) {
      const host = await hostFor(actor, hostId);
      await checkHost(host);
      await issueIfDue(host);
      return describeDomain(deps, host, await ensureClaim(deps, host));
    },
    async verifyByStaff(hostId, reason) {
      const host = await hostFor({ kind: 'staff' }, hostId);
      const claim = await ensureClaim(deps, host);
      if (claim.status === 'verified') throw new AppError('domain_already_verified');
      await verifyClaim(deps, claim, { method: 'staff', reason });
      await scheduleCertificate(host);
      await issueIfDue(host);
      return describeDomain(deps, host, await ensureClaim(deps, host));
    },
    prepareHostName: (customerId, domain) => prepareHostName(deps, customerId, domain),
    async overview() {
      const [all, certificates, alerts] = await Promise.all([
        claims.listAll(),
        acme.listAll(),
        alertsRepository(deps.db).countOpenByHost(),
      ]);
      const names = await options.customerNames.findCustomerNames([
        ...new Set(all.map((c) => c.customer_id)),
      ]);
      const rows = await Promise.all(
        all.map(async (claim): Promise<DomainOverviewRow> => {
          const hostId = claim.host_id!;
          const row = certificates.find((c) => c.host_id === hostId);
          const certificate = certificateView(deps, await deps.certificates.info(claim.domain), row);
          const verification = verificationStatus(deps, claim);
          const openAlerts = alerts.get(hostId) ?? 0;
          const isFailing =
            openAlerts > 0 ||
            claim.dns_ok === 0 ||
            ['failed', 'mismatch', 'expiring'].includes(certificate.status) ||
            verification === 'expired';
          const deadlines = [
            verification === 'pending' ? claim.expires_at : null,
            certificate.renewAt,
            certificate.notAfter,
          ].filter((d): d is string => d !== null);
          return {
            hostId,
            domain: claim.domain,
            customerName: names.get(claim.customer_id) ?? '',
            verification,
            isDnsOk: claim.dns_ok === null ? null : claim.dns_ok === 1,
            certificateSource: certificate.source,
            certificateStatus: certificate.status,
            notAfter: certificate.notAfter,
            renewAt: certificate.renewAt,
            openAlerts,
            isFailing,
            deadline: deadlines.sort()[0] ?? null,
          };
        }),
      );
      return rows.sort(
        (a, b) =>
          Number(b.isFailing) - Number(a.isFailing) ||
          (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999') ||
          a.domain.localeCompare(b.domain),
      );
    },
    servedDirectory(directory) {
      return {
        ...directory,
        async findHostByDomain(domain): Promise<DirectoryHost | null> {
          const host = await directory.findHostByDomain(domain);
          if (!host || config.domainVerification === 'off') return host;
          return (await ensureClaim(deps, host)).status === 'verified' ? host : null;
        },
      };
    },
    challengeAnswer: (token) => answers.get(token),
    onServingChanged(listener) {
      servingListeners.push(listener);
    },
    setTlsEndpoints(value) {
      endpoints = value;
    },
    sweep,
  };
}
export { domainsConfig, type DomainsAreaConfig } from './domains-options.js';
