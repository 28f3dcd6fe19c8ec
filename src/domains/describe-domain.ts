import type { CertificateInfo } from '../platform/tls/index.js';
import { alertsRepository } from './alerts.repository.js';
import { certificatesRepository, type CertificateRow } from './certificates.repository.js';
import { recordsFor, type HostRef } from './check-domain.js';
import type { ClaimRow } from './claims.repository.js';
import { dnsRecordsRepository } from './dns-records.repository.js';
import { DAY_MS, type DomainsDeps } from './domains-deps.js';
import { VERIFICATION_LABEL, verificationValue } from './expected-records.js';
import { EXPIRY_ALERT_DAYS } from './issue-certificate.js';
import type { DomainView } from './views.js';

type VerificationStatus = DomainView['verification']['status'];
type CertificateView = DomainView['certificate'];

export function verificationStatus(deps: Pick<DomainsDeps, 'config'>, claim: ClaimRow): VerificationStatus {
  if (claim.status === 'verified') return 'verified';
  if (deps.config.domainVerification === 'off') return 'unverified';
  return claim.status === 'expired' ? 'expired' : 'pending';
}

export function certificateView(
  deps: Pick<DomainsDeps, 'config' | 'clock'>,
  held: CertificateInfo | undefined,
  acme: CertificateRow | undefined,
): CertificateView {
  const isAcmeConfigured = deps.config.acmeDirectoryUrl !== undefined;
  const source = held?.source ?? 'none';
  const notAfter = held?.notAfter ?? null;
  const isExpiring =
    notAfter !== null &&
    new Date(notAfter).getTime() - deps.clock.now().getTime() < EXPIRY_ALERT_DAYS * DAY_MS;
  const base = {
    source,
    issuer: source === 'acme' ? (acme?.issuer ?? null) : source === 'self_signed' ? 'self-signed' : null,
    notAfter,
    renewAt: source === 'acme' ? (acme?.renew_at ?? null) : null,
    lastError: acme?.last_error ?? null,
    nextAttemptAt: acme && acme.failures > 0 ? acme.next_attempt_at : null,
    isAcmeConfigured,
  } as const;
  let status: CertificateView['status'];
  if (acme?.served_status === 'mismatch') status = 'mismatch';
  else if (source === 'acme' || source === 'operator') status = isExpiring ? 'expiring' : 'valid';
  else if (acme?.status === 'failed') status = 'failed';
  else if (isAcmeConfigured) status = 'pending';
  else status = source === 'self_signed' ? 'self_signed' : 'none';
  return { ...base, status };
}

/** Everything the host page's Domain section shows, from the last checks (no lookups here). */
export async function describeDomain(deps: DomainsDeps, host: HostRef, claim: ClaimRow): Promise<DomainView> {
  const [stored, acme, held, alerts] = await Promise.all([
    dnsRecordsRepository(deps.db).list(host.id),
    certificatesRepository(deps.db).find(host.id),
    // What the listeners serve: a host without one gets its self-signed certificate made now.
    deps.certificates.ensure(host.domain),
    alertsRepository(deps.db).listOpen(host.id),
  ]);
  const dns = recordsFor(deps, claim).map((record) => {
    const last = stored.find((row) => row.type === record.type && row.name === record.name);
    return last && last.expected === record.expected
      ? {
          ...record,
          found: JSON.parse(last.found) as string[],
          status: last.status,
          explanation: last.explanation,
          checkedAt: last.checked_at,
        }
      : { ...record, found: [], status: 'unchecked' as const, explanation: null, checkedAt: null };
  });
  return {
    domain: host.domain,
    verification: {
      status: verificationStatus(deps, claim),
      record: {
        type: 'TXT',
        name: `${VERIFICATION_LABEL}.${host.domain}`,
        value: verificationValue(claim.token),
      },
      required: deps.config.domainVerification === 'required',
      method: claim.method,
      verifiedAt: claim.verified_at,
      expiresAt: claim.status === 'verified' ? null : claim.expires_at,
    },
    dns,
    certificate: certificateView(deps, held, acme),
    alerts: alerts.map((alert) => ({
      kind: alert.kind,
      message: alert.message,
      createdAt: alert.created_at,
    })),
  };
}
