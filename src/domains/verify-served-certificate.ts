import { X509Certificate } from 'node:crypto';
import { certificatesRepository } from './certificates.repository.js';
import { nowIso, type DomainsDeps } from './domains-deps.js';
import type { HostRef } from './check-domain.js';
import { probeServedCertificates } from './check-served-certificate.js';
import { raiseAlert, resolveAlerts } from './raise-alert.js';

/**
 * After a certificate changes: what each XMPP TLS port actually serves for the domain must be the
 * certificate we hold for it. A mismatch alerts the customer and staff. The HTTP port serves plain
 * HTTP (TLS there is the reverse proxy's), so there is nothing of ours to compare on it.
 */
export async function verifyServedCertificate(deps: DomainsDeps, host: HostRef): Promise<void> {
  const endpoints = deps.tlsEndpoints();
  const held = await deps.certificates.info(host.domain);
  if (!endpoints || !held) return;
  const expected = new X509Certificate(held.certPem).fingerprint256;
  const served = await probeServedCertificates(endpoints, host.domain);
  const wrong = served.filter((probe) => probe.fingerprint !== expected);
  await certificatesRepository(deps.db).update(host.id, {
    served_status: wrong.length === 0 ? 'ok' : 'mismatch',
    served_checked_at: nowIso(deps),
  });
  if (wrong.length === 0) {
    await resolveAlerts(deps, host.id, ['certificate_mismatch']);
    return;
  }
  await raiseAlert(deps, {
    host,
    kind: 'certificate_mismatch',
    key: expected,
    message: `The certificate served for ${host.domain} is not the one we hold (${wrong
      .map((probe) => `${probe.port}: ${probe.error ?? `fingerprint ${probe.fingerprint}`}`)
      .join('; ')}).`,
  });
}
