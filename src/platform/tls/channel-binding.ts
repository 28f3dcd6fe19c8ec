import { createHash } from 'node:crypto';
import * as x509 from '@peculiar/x509';

/**
 * RFC 5929 §4.1 tls-server-end-point: the hash of the server certificate with the certificate's own
 * signature hash, except that MD5 and SHA-1 become SHA-256.
 */
export function serverEndPointHash(certificateDer: Buffer): Buffer {
  let hash = 'sha256';
  try {
    const algorithm = new x509.X509Certificate(certificateDer).signatureAlgorithm as { hash?: { name?: string } };
    const name = algorithm.hash?.name?.toLowerCase().replace('-', '');
    if (name === 'sha384' || name === 'sha512') hash = name;
  } catch {
    hash = 'sha256';
  }
  return createHash(hash).update(certificateDer).digest();
}
