/** A host's TLS certificate through the API: self-signed at first, replaced live by staff. */
import assert from 'node:assert/strict';
import { webcrypto, X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import * as x509 from '@peculiar/x509';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { type Actor, signInStaff, signUpCustomer } from './support/actors.js';
import { call } from './support/api-client.js';
import { errorCode } from './support/errors.js';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY_MS = 86_400_000;
type Crypto = Parameters<typeof x509.X509CertificateGenerator.create>[1];
const crypto = webcrypto as unknown as Crypto;

type Keys = webcrypto.CryptoKeyPair;
type SigningKey = Extract<x509.X509CertificateCreateParams, { signingKey: unknown }>['signingKey'];

async function generateKeys(): Promise<Keys> {
  return (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as Keys;
}

async function keyPem(keys: Keys): Promise<string> {
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  return `-----BEGIN PRIVATE KEY-----\n${pkcs8
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd()}\n-----END PRIVATE KEY-----\n`;
}

/** A certificate issued by a test CA, as an operator would get one from a real authority. */
async function issue(options: { dnsNames: string[]; notBefore: Date; notAfter: Date }) {
  const caKeys = await generateKeys();
  const leafKeys = await generateKeys();
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: '01' + Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString('hex'),
      subject: `CN=${options.dnsNames[0] ?? 'no-san.test'}`,
      issuer: 'CN=Test CA',
      notBefore: options.notBefore,
      notAfter: options.notAfter,
      signingAlgorithm: ALGORITHM,
      publicKey: leafKeys.publicKey as unknown as SigningKey,
      signingKey: caKeys.privateKey as unknown as SigningKey,
      extensions: options.dnsNames.length
        ? [
            new x509.SubjectAlternativeNameExtension(
              options.dnsNames.map((value) => ({ type: 'dns' as const, value })),
            ),
          ]
        : [],
    },
    crypto,
  );
  return { certPem: cert.toString('pem') + '\n', keyPem: await keyPem(leafKeys) };
}

function peerFingerprint(port: number, servername: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect(
      { port, host: '127.0.0.1', servername, rejectUnauthorized: false, ALPNProtocols: ['xmpp-client'] },
      () => {
        resolve(socket.getPeerX509Certificate()!.fingerprint256);
        socket.destroy();
      },
    );
    socket.on('error', reject);
  });
}

for (const dialect of testDialects()) {
  describe(`host certificates API (${dialect})`, () => {
    let t: TestApp;
    let acme: Actor;
    let hostId: string;
    const domain = 'chat.certs.test';
    const url = () => `/hosts/${hostId}/certificate`;
    const adminUrl = () => `/admin/hosts/${hostId}/certificate`;
    const validFor = (dnsNames: string[]) =>
      issue({
        dnsNames,
        notBefore: new Date(t.clock.now().getTime() - DAY_MS),
        notAfter: new Date(t.clock.now().getTime() + 90 * DAY_MS),
      });

    before(async () => {
      t = await startTestApp(dialect);
      acme = await signUpCustomer(t, { organization: 'Acme' });
      const created = await call(t, acme, 'POST', '/hosts', { domain });
      assert.equal(created.statusCode, 201, created.body);
      hostId = created.json().id;
    });
    after(() => t.close());

    it('shows a self-signed certificate covering the domain for a new host', async () => {
      const response = await call(t, acme, 'GET', url());
      assert.equal(response.statusCode, 200, response.body);
      const view = response.json();
      assert.equal(view.domain, domain);
      assert.equal(view.isSelfSigned, true);
      assert.deepEqual(view.subjectAltNames, [domain]);
      assert.match(view.fingerprintSha256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      const stored = await t.ctx.certificates.info(domain);
      assert.equal(view.fingerprintSha256, new X509Certificate(stored!.certPem).fingerprint256);
      assert.equal(view.notAfter, stored!.notAfter);
    });

    it("hides a host's certificate from another customer", async () => {
      const globex = await signUpCustomer(t, { organization: 'Globex' });
      const response = await call(t, globex, 'GET', url());
      assert.equal(response.statusCode, 404);
      assert.equal(errorCode(response), 'host_not_found');
    });

    it('lets only staff admins install a certificate', async () => {
      const certificate = await validFor([domain]);
      for (const caller of [acme, await signInStaff(t, 'support')]) {
        const response = await call(t, caller, 'PUT', adminUrl(), certificate);
        assert.equal(response.statusCode, 403, response.body);
      }
      assert.equal((await call(t, acme, 'GET', url())).json().isSelfSigned, true);
    });

    it('refuses unusable certificates with certificate_invalid', async () => {
      const admin = await signInStaff(t, 'admin');
      const good = await validFor([domain]);
      const now = t.clock.now().getTime();
      const cases = {
        'bad PEM': { certPem: 'not a certificate', keyPem: good.keyPem },
        'bad key': { certPem: good.certPem, keyPem: 'not a key' },
        'other domain': await validFor(['other.certs.test']),
        'name only in the subject': await issue({
          dnsNames: [],
          notBefore: new Date(now - DAY_MS),
          notAfter: new Date(now + DAY_MS),
        }),
        'key mismatch': { certPem: good.certPem, keyPem: (await validFor([domain])).keyPem },
        expired: await issue({
          dnsNames: [domain],
          notBefore: new Date(now - 90 * DAY_MS),
          notAfter: new Date(now - DAY_MS),
        }),
      };
      for (const [name, payload] of Object.entries(cases)) {
        const response = await call(t, admin, 'PUT', adminUrl(), payload);
        assert.equal(response.statusCode, 400, `${name}: ${response.body}`);
        assert.equal(errorCode(response), 'certificate_invalid', name);
      }
      const extra = await call(t, admin, 'PUT', adminUrl(), { ...good, chain: '' });
      assert.equal(errorCode(extra), 'validation_failed');
      assert.equal((await call(t, acme, 'GET', url())).json().isSelfSigned, true);
    });

    it('installs a certificate that new XMPP connections get without a restart', async () => {
      const { c2sTlsPort } = await t.xmpp.start();
      const before = await peerFingerprint(c2sTlsPort, domain);
      assert.equal(before, (await call(t, acme, 'GET', url())).json().fingerprintSha256);

      const admin = await signInStaff(t, 'admin');
      const certificate = await validFor([domain]);
      const response = await call(t, admin, 'PUT', adminUrl(), certificate);
      assert.equal(response.statusCode, 200, response.body);
      const installed = new X509Certificate(certificate.certPem);
      assert.equal(response.json().isSelfSigned, false);
      assert.equal(response.json().fingerprintSha256, installed.fingerprint256);
      assert.deepEqual((await call(t, acme, 'GET', url())).json(), response.json());

      assert.equal(await peerFingerprint(c2sTlsPort, domain), installed.fingerprint256);
      assert.notEqual(before, installed.fingerprint256);
    });
  });
}
