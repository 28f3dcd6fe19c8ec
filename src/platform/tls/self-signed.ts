import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

export interface CertificatePem {
  certPem: string;
  keyPem: string;
  notAfter: Date;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const VALIDITY_DAYS = 825; // the longest lifetime clients accept for a server certificate
const DAY_MS = 86_400_000;
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

/**
 * A self-signed certificate for one domain, so a new host works over TLS at once. Clients must be
 * told to trust it (or the operator installs a real one); the dashboard says which hosts still use one.
 */
export async function createSelfSignedCertificate(domain: string, now: Date): Promise<CertificatePem> {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  // Backdated a day so a client whose clock is slightly behind still accepts it.
  const notBefore = new Date(now.getTime() - DAY_MS);
  const notAfter = new Date(now.getTime() + VALIDITY_DAYS * DAY_MS);
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
        .toString('hex')
        .replace(/^[89a-f]/, '1'),
      name: `CN=${domain}`,
      notBefore,
      notAfter,
      signingAlgorithm: ALGORITHM,
      keys: keys as unknown as x509.X509CertificateCreateSelfSignedParams['keys'],
      extensions: [
        new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: domain }]),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign,
          true,
        ),
        new x509.ExtendedKeyUsageExtension([SERVER_AUTH]),
      ],
    },
    webcrypto as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1],
  );
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd()}\n-----END PRIVATE KEY-----\n`;
  return { certPem: cert.toString('pem') + '\n', keyPem, notAfter };
}
