/**
 * The TLS probe against servers of the test's own on loopback: one configured as badly as old
 * servers are (TLS 1.0 on, SHA-1 suites), one as ours is; and what OpenSSL 3 does when the probe
 * does not lower its security level, which is why it does.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import {
  createSelfSignedCertificate,
  handshakeXmpp,
  probeTlsVersions,
  probeWeakCipher,
  SERVER_CIPHERS,
  TlsProbeError,
  type XmppTlsTarget,
} from '../src/platform/tls/index.js';

const DOMAIN = 'old.example.test';

async function listen(options: tls.TlsOptions): Promise<tls.Server> {
  const server = tls.createServer(options, (socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
const targetOf = (server: tls.Server): XmppTlsTarget => ({
  host: '127.0.0.1',
  port: (server.address() as AddressInfo).port,
  mode: 'direct-tls',
  domain: DOMAIN,
});

describe('TLS probe', () => {
  let legacy: tls.Server;
  let strict: tls.Server;

  before(async () => {
    const { certPem, keyPem } = await createSelfSignedCertificate(DOMAIN, new Date());
    legacy = await listen({ cert: certPem, key: keyPem, minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' });
    strict = await listen({ cert: certPem, key: keyPem, minVersion: 'TLSv1.2', ciphers: SERVER_CIPHERS });
  });
  after(() => {
    legacy?.close();
    strict?.close();
  });

  it('finds TLS 1.0 and 1.1 and a weak cipher on a server that still offers them', async () => {
    const versions = await probeTlsVersions(targetOf(legacy));
    assert.deepEqual(
      versions.map((v) => [v.version, v.status]),
      [
        ['TLSv1', 'accepted'],
        ['TLSv1.1', 'accepted'],
        ['TLSv1.2', 'accepted'],
        ['TLSv1.3', 'accepted'],
      ],
    );
    assert.match((await probeWeakCipher(targetOf(legacy)))!, /SHA$/);
  });

  it('finds only TLS 1.2 and 1.3 and no weak cipher on a server set up as ours', async () => {
    const versions = await probeTlsVersions(targetOf(strict));
    assert.deepEqual(
      versions.map((v) => [v.version, v.status]),
      [
        ['TLSv1', 'refused'],
        ['TLSv1.1', 'refused'],
        ['TLSv1.2', 'accepted'],
        ['TLSv1.3', 'accepted'],
      ],
    );
    assert.equal(await probeWeakCipher(targetOf(strict)), null);
  });

  it("cannot offer TLS 1.0 at OpenSSL's default security level: that is untested, not refused", async () => {
    await assert.rejects(
      handshakeXmpp(targetOf(legacy), { minVersion: 'TLSv1', maxVersion: 'TLSv1' }),
      (error: unknown) => error instanceof TlsProbeError && error.failure === 'untested',
    );
  });

  it('reports trust without enforcing it, and a closed port as unreachable', async () => {
    const handshake = await handshakeXmpp(targetOf(strict));
    assert.equal(handshake.protocol, 'TLSv1.3');
    assert.equal(handshake.isTrusted, false);
    assert.equal(handshake.trustError, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    assert.ok(handshake.certificate?.subjectAltName?.includes(DOMAIN));
    const closed = await listen({});
    const target = targetOf(closed);
    closed.close();
    await assert.rejects(
      handshakeXmpp(target),
      (error: unknown) => error instanceof TlsProbeError && error.failure === 'unreachable',
    );
  });
});
