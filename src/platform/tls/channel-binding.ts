import { createHash } from 'node:crypto';
import * as x509 from '@peculiar/x509';

const hashByCertificate = new Map<string, string>();
/** Parsing a certificate costs more than a login; there are only as many as served domains. */
const MAX_REMEMBERED = 10_000;

/**
 * RFC 5929 §4.1 tls-server-end-point: the hash of the server certificate with the certificate's own
 * signature hash, except that MD5 and SHA-1 become SHA-256.
 */
export function serverEndPointHash(certificateDer: Buffer): Buffer {
  return createHash(signatureHashOf(certificateDer)).update(certificateDer).digest();
}

function signatureHashOf(certificateDer: Buffer): string {
  const key = createHash('sha256').update(certificateDer).digest('base64');
  const known = hashByCertificate.get(key);
  if (known) return known;
  let hash = 'sha256';
  try {
    const algorithm = new x509.X509Certificate(new Uint8Array(certificateDer)).signatureAlgorithm as {
      hash?: { name?: string };
    };
    const name = algorithm.hash?.name?.toLowerCase().replace('-', '');
    if (name === 'sha384' || name === 'sha512') hash = name;
  } catch {
    hash = 'sha256';
  }
  if (hashByCertificate.size >= MAX_REMEMBERED) hashByCertificate.clear();
  hashByCertificate.set(key, hash);
  return hash;
}
