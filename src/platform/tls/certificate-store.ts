import { X509Certificate, createPrivateKey } from 'node:crypto';
import { createSecureContext, type SecureContext } from 'node:tls';
import type { Clock } from '../../lib/clock.js';
import { scopedDb, type DatabaseHandle, type PlatformTables } from '../db/index.js';
import { createCertificateRepository } from './certificate.repository.js';
import { createSelfSignedCertificate } from './self-signed.js';

export type CertificateSource = 'self_signed' | 'operator' | 'acme';

export interface CertificateInfo {
  domain: string;
  isSelfSigned: boolean;
  source: CertificateSource;
  notAfter: string;
  certPem: string;
}

export interface CertificateStore {
  /** The TLS context for a domain, creating and persisting a self-signed certificate on first use. */
  contextFor(domain: string): Promise<SecureContext>;
  ensure(domain: string): Promise<CertificateInfo>;
  /** The PEM pair, for a listener's default certificate (Node takes options there, not a context). */
  keyPairFor(domain: string): Promise<{ cert: string; key: string }>;
  /** Installs an operator's certificate; new connections use it at once, no restart needed. */
  install(domain: string, certPem: string, keyPem: string): Promise<CertificateInfo>;
  /**
   * Installs a certificate issued by ACME, unless the operator installed one (which always wins):
   * then it answers undefined and changes nothing.
   */
  installIssued(domain: string, certPem: string, keyPem: string): Promise<CertificateInfo | undefined>;
  info(domain: string): Promise<CertificateInfo | undefined>;
  remove(domain: string): Promise<void>;
}

export class CertificateInvalidError extends Error {
  override name = 'CertificateInvalidError';
}

/** TLS 1.2 or newer everywhere (RFC 7590 profile). */
export const MIN_TLS_VERSION = 'TLSv1.2';

/**
 * The TLS 1.2 suites we serve: forward-secret AEAD only (Mozilla's "intermediate" list). Node's
 * default also takes CBC suites with SHA-1, which the security audit reports as weak. TLS 1.3
 * suites are configured apart and are all strong.
 */
export const SERVER_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'DHE-RSA-AES128-GCM-SHA256',
  'DHE-RSA-AES256-GCM-SHA384',
].join(':');

export function createCertificateStore(deps: { database: DatabaseHandle; clock: Clock }): CertificateStore {
  const repository = createCertificateRepository(scopedDb<PlatformTables>(deps.database.db));
  const contexts = new Map<string, SecureContext>();
  // Concurrent first connections to a new domain share one generation instead of racing.
  const inFlight = new Map<string, Promise<CertificateInfo>>();

  function toInfo(row: {
    domain: string;
    is_self_signed: number;
    source: CertificateSource;
    not_after: string;
    cert_pem: string;
  }): CertificateInfo {
    return {
      domain: row.domain,
      isSelfSigned: row.is_self_signed === 1,
      source: row.source,
      notAfter: row.not_after,
      certPem: row.cert_pem,
    };
  }

  async function load(domain: string): Promise<CertificateInfo> {
    const existing = await repository.find(domain);
    if (existing) {
      contexts.set(
        domain,
        createSecureContext({
          cert: existing.cert_pem,
          key: existing.key_pem,
          minVersion: MIN_TLS_VERSION,
          ciphers: SERVER_CIPHERS,
        }),
      );
      return toInfo(existing);
    }
    const now = deps.clock.now();
    const generated = await createSelfSignedCertificate(domain, now);
    await repository.insertIfAbsent({
      domain,
      cert_pem: generated.certPem,
      key_pem: generated.keyPem,
      is_self_signed: 1,
      source: 'self_signed',
      not_after: generated.notAfter.toISOString(),
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    return load(domain);
  }

  async function ensure(domain: string): Promise<CertificateInfo> {
    const pending = inFlight.get(domain);
    if (pending) return pending;
    const promise = load(domain).finally(() => inFlight.delete(domain));
    inFlight.set(domain, promise);
    return promise;
  }

  return {
    async contextFor(domain) {
      const cached = contexts.get(domain);
      if (cached) return cached;
      await ensure(domain);
      return contexts.get(domain)!;
    },
    ensure,
    async keyPairFor(domain) {
      await ensure(domain);
      const row = (await repository.find(domain))!;
      return { cert: row.cert_pem, key: row.key_pem };
    },
    install: (domain, certPem, keyPem) => replace(domain, certPem, keyPem, 'operator'),
    async installIssued(domain, certPem, keyPem) {
      if ((await repository.find(domain))?.source === 'operator') return undefined;
      return replace(domain, certPem, keyPem, 'acme');
    },
    async info(domain) {
      const row = await repository.find(domain);
      return row ? toInfo(row) : undefined;
    },
    async remove(domain) {
      contexts.delete(domain);
      await repository.remove(domain);
    },
  };

  async function replace(domain: string, certPem: string, keyPem: string, source: CertificateSource) {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(certPem);
      if (!cert.checkPrivateKey(createPrivateKey(keyPem)))
        throw new Error('the key does not belong to the certificate');
    } catch (error) {
      throw new CertificateInvalidError((error as Error).message);
    }
    if (!cert.checkHost(domain)) throw new CertificateInvalidError(`the certificate does not name ${domain}`);
    const context = createSecureContext({
      cert: certPem,
      key: keyPem,
      minVersion: MIN_TLS_VERSION,
      ciphers: SERVER_CIPHERS,
    });
    const now = deps.clock.now().toISOString();
    const row = {
      domain,
      cert_pem: certPem,
      key_pem: keyPem,
      is_self_signed: cert.issuer === cert.subject && cert.verify(cert.publicKey) ? 1 : 0,
      source,
      not_after: new Date(cert.validTo).toISOString(),
      created_at: now,
      updated_at: now,
    };
    await repository.replace(row);
    contexts.set(domain, context);
    return toInfo(row);
  }
}
