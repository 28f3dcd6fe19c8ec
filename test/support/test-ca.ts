/**
 * A certificate authority of the test's own (@peculiar/x509): a root to trust, and leaf certificates
 * it signs for any names and validity, expired ones included, as a real CA would issue them.
 */
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
type Crypto = Parameters<typeof x509.X509CertificateGenerator.create>[1];
type SigningKey = Extract<x509.X509CertificateCreateParams, { signingKey: unknown }>['signingKey'];
const crypto = webcrypto as unknown as Crypto;

export interface TestCa {
  /** The root's PEM, for a trust store. */
  rootPem: string;
  issue(options: {
    dnsNames: string[];
    notBefore: Date;
    notAfter: Date;
  }): Promise<{ certPem: string; keyPem: string }>;
}

async function generateKeys(): Promise<webcrypto.CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
}

async function keyPem(keys: webcrypto.CryptoKeyPair): Promise<string> {
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  return `-----BEGIN PRIVATE KEY-----\n${pkcs8
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd()}\n-----END PRIVATE KEY-----\n`;
}

const serial = () => '01' + Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString('hex');

export async function createTestCa(name = 'imhost Test Root'): Promise<TestCa> {
  const rootKeys = await generateKeys();
  const root = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial(),
      name: `CN=${name}`,
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2040-01-01T00:00:00Z'),
      signingAlgorithm: ALGORITHM,
      keys: rootKeys as unknown as x509.X509CertificateCreateSelfSignedParams['keys'],
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      ],
    },
    crypto,
  );
  return {
    rootPem: root.toString('pem') + '\n',
    async issue(options) {
      const leafKeys = await generateKeys();
      const cert = await x509.X509CertificateGenerator.create(
        {
          serialNumber: serial(),
          subject: `CN=${options.dnsNames[0]}`,
          issuer: root.subject,
          notBefore: options.notBefore,
          notAfter: options.notAfter,
          signingAlgorithm: ALGORITHM,
          publicKey: leafKeys.publicKey as unknown as SigningKey,
          signingKey: rootKeys.privateKey as unknown as SigningKey,
          extensions: [
            new x509.SubjectAlternativeNameExtension(
              options.dnsNames.map((value) => ({ type: 'dns' as const, value })),
            ),
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
            new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.1']),
          ],
        },
        crypto,
      );
      return { certPem: cert.toString('pem') + '\n', keyPem: await keyPem(leafKeys) };
    },
  };
}
