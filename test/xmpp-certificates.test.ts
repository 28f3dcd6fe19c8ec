/** The per-domain certificate store: self-signed on first use, persisted, replaceable live. */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { SimulatedClock } from '../src/lib/clock.js';
import {
  createCertificateStore,
  createSelfSignedCertificate,
  CertificateInvalidError,
} from '../src/platform/tls/index.js';
import { createTestDatabase, testDialects, type TestDatabase } from './support/databases.js';

function handshake(port: number, servername: string, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ port, host: '127.0.0.1', servername, ca }, () => {
      resolve(new X509Certificate(socket.getPeerX509Certificate()!.raw).fingerprint256);
      socket.destroy();
    });
    socket.on('error', reject);
  });
}

for (const dialect of testDialects()) {
  describe(`TLS certificate store (${dialect})`, () => {
    let database: TestDatabase;
    const clock = new SimulatedClock();
    before(async () => {
      database = await createTestDatabase(dialect);
    });
    after(() => database.close());

    it('creates a self-signed certificate once and reuses it after a restart', async () => {
      const first = createCertificateStore({ database, clock });
      const info = await first.ensure('a.example.test');
      assert.equal(info.isSelfSigned, true);
      assert.ok(new X509Certificate(info.certPem).checkHost('a.example.test'));
      const restarted = createCertificateStore({ database, clock });
      assert.equal((await restarted.ensure('a.example.test')).certPem, info.certPem);
    });

    it('serves a replacement to new connections without a restart and refuses mismatched ones', async () => {
      const store = createCertificateStore({ database, clock });
      const original = await store.ensure('b.example.test');
      const server = tls.createServer(
        { SNICallback: (name, cb) => void store.contextFor(name).then((c) => cb(null, c), cb) },
        (s) => s.end(),
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as { port: number }).port;
      const before = await handshake(port, 'b.example.test', original.certPem);
      const replacement = await createSelfSignedCertificate('b.example.test', clock.now());
      await store.install('b.example.test', replacement.certPem, replacement.keyPem);
      const afterInstall = await handshake(port, 'b.example.test', replacement.certPem);
      assert.notEqual(before, afterInstall);
      server.close();
      await assert.rejects(
        store.install('c.example.test', replacement.certPem, replacement.keyPem),
        CertificateInvalidError,
      );
      await assert.rejects(
        store.install('b.example.test', replacement.certPem, original.certPem),
        CertificateInvalidError,
      );
    });
  });
}
