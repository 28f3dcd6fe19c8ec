import { X509Certificate } from 'node:crypto';
import {
  fetchRenewalInfo,
  orderCertificate,
  retryAfterSeconds,
  type ChallengeAnswers,
  type RenewalInfo,
} from './acme-client.js';
import { certificatesRepository, type CertificateRow } from './certificates.repository.js';
import { DAY_MS, nowIso, type DomainsDeps } from './domains-deps.js';
import type { HostRef } from './check-domain.js';
import { raiseAlert, resolveAlerts } from './raise-alert.js';
import { ariRecheckTime, renewalTime, retryTime } from './renewal-time.js';
import { verifyServedCertificate } from './verify-served-certificate.js';

/** Fewer days left than this alerts the customer and staff, whatever the cause. */
export const EXPIRY_ALERT_DAYS = 14;

function issuerName(cert: X509Certificate): string {
  return /CN=([^\n]+)/.exec(cert.issuer)?.[1] ?? cert.issuer.replace(/\n/g, ', ');
}

/** The host's ACME row as it starts: due now. */
export function pendingCertificateRow(deps: DomainsDeps, host: HostRef): CertificateRow {
  const now = nowIso(deps);
  return {
    host_id: host.id,
    customer_id: host.customerId,
    domain: host.domain,
    status: 'pending',
    issuer: null,
    not_before: null,
    not_after: null,
    renew_at: null,
    fingerprint: null,
    next_attempt_at: now,
    failures: 0,
    last_error: null,
    served_status: null,
    served_checked_at: null,
    updated_at: now,
  };
}

/** When the row is next due: the renewal, or sooner to ask the CA's renewalInfo again (RFC 9773). */
function nextAttempt(deps: DomainsDeps, renewAt: Date, ari: RenewalInfo | undefined): string {
  return (ari ? ariRecheckTime(deps.clock.now(), renewAt, ari.retryAfterSeconds) : renewAt).toISOString();
}

/**
 * Between issuance and renewal, the CA may move its suggested window (after a mass revocation,
 * say): ask its renewalInfo again and follow the window. Answers false when the renewal is due.
 */
async function followRenewalWindow(deps: DomainsDeps, row: CertificateRow, domain: string): Promise<boolean> {
  if (row.status !== 'issued' || row.renew_at === null || row.failures > 0) return false;
  if (Date.parse(row.renew_at) <= deps.clock.now().getTime()) return false;
  const { cert } = await deps.certificates.keyPairFor(domain);
  const ari = await fetchRenewalInfo(deps, cert);
  const lifetime = { notBefore: new Date(row.not_before!), notAfter: new Date(row.not_after!) };
  const renewAt = renewalTime(lifetime, ari?.window);
  if (renewAt.getTime() <= deps.clock.now().getTime()) return false;
  await certificatesRepository(deps.db).upsert({
    ...row,
    renew_at: renewAt.toISOString(),
    next_attempt_at: nextAttempt(deps, renewAt, ari),
    updated_at: nowIso(deps),
  });
  return true;
}

/**
 * Issues or renews the host's certificate by ACME and installs it for new connections at once.
 * An operator's certificate is never replaced: the host is then left alone. A failure is retried
 * with backoff (longer when the CA rate-limits) and alerts the customer and staff once per cycle.
 */
export async function issueCertificate(
  deps: DomainsDeps,
  host: HostRef,
  answers: ChallengeAnswers,
): Promise<CertificateRow> {
  const repository = certificatesRepository(deps.db);
  const row = (await repository.find(host.id)) ?? pendingCertificateRow(deps, host);
  if ((await deps.certificates.info(host.domain))?.source === 'operator') {
    const left = { ...row, next_attempt_at: null, updated_at: nowIso(deps) };
    await repository.upsert(left);
    return left;
  }
  if (await followRenewalWindow(deps, row, host.domain)) return (await repository.find(host.id))!;
  try {
    const issued = await orderCertificate(deps, host.domain, answers);
    const installed = await deps.certificates.installIssued(host.domain, issued.certPem, issued.keyPem);
    if (!installed) return issueCertificate(deps, host, answers); // the operator's came first
    const cert = new X509Certificate(issued.certPem);
    const lifetime = { notBefore: new Date(cert.validFrom), notAfter: new Date(cert.validTo) };
    const ari = await fetchRenewalInfo(deps, issued.certPem);
    const renewAt = renewalTime(lifetime, ari?.window);
    const done: CertificateRow = {
      ...row,
      status: 'issued',
      issuer: issuerName(cert),
      not_before: lifetime.notBefore.toISOString(),
      not_after: lifetime.notAfter.toISOString(),
      renew_at: renewAt.toISOString(),
      fingerprint: cert.fingerprint256,
      next_attempt_at: nextAttempt(deps, renewAt, ari),
      failures: 0,
      last_error: null,
      updated_at: nowIso(deps),
    };
    await repository.upsert(done);
    await resolveAlerts(deps, host.id, ['renewal_failed', 'certificate_expiring']);
    deps.logger.info({ domain: host.domain, notAfter: done.not_after }, 'certificate issued by ACME');
    await verifyServedCertificate(deps, host);
    return (await repository.find(host.id))!;
  } catch (error) {
    const failures = row.failures + 1;
    const message = (error as Error).message;
    const failed: CertificateRow = {
      ...row,
      status: row.status === 'issued' ? 'issued' : 'failed',
      failures,
      last_error: message.slice(0, 1000),
      next_attempt_at: retryTime(deps.clock.now(), failures, retryAfterSeconds(error)).toISOString(),
      updated_at: nowIso(deps),
    };
    await repository.upsert(failed);
    deps.logger.warn({ domain: host.domain, err: error, failures }, 'ACME issuance failed');
    await raiseAlert(deps, {
      host,
      kind: 'renewal_failed',
      key: row.not_after ?? 'first',
      message: `The certificate for ${host.domain} could not be ${row.status === 'issued' ? 'renewed' : 'issued'}: ${message}. We will try again; check that the domain's DNS records are right.`,
    });
    return failed;
  }
}

/** Alerts once per certificate when fewer than 14 days are left. */
export async function alertIfExpiring(deps: DomainsDeps, host: HostRef, notAfter: string): Promise<void> {
  const left = new Date(notAfter).getTime() - deps.clock.now().getTime();
  if (left >= EXPIRY_ALERT_DAYS * DAY_MS) return;
  await raiseAlert(deps, {
    host,
    kind: 'certificate_expiring',
    key: notAfter,
    message:
      left <= 0
        ? `The certificate for ${host.domain} has expired; apps will refuse to connect.`
        : `The certificate for ${host.domain} expires in ${Math.ceil(left / DAY_MS)} days and has not been renewed yet.`,
  });
}
