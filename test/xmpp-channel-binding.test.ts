/**
 * SCRAM-*-PLUS over a real TLS 1.3 connection: the client computes the binding data itself
 * (tls-exporter from its own keying material, tls-server-end-point from the certificate it got),
 * so a server that binds to anything else fails these tests.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { testDialects } from './support/databases.js';
import type { Element } from '../src/xmpp/stanza/index.js';
import { anyOf } from './xmpp/element-match.js';
import { RawClient, streamHeader } from './xmpp/raw-client.js';
import { ScramClient } from './xmpp/scram-client.js';
import { startXmppTestServer, type XmppTestServer } from './xmpp/server-harness.js';

const D = 'cb.example.test';
const PW = 'correct horse battery';

for (const dialect of testDialects()) {
  describe(`SCRAM channel binding (${dialect})`, () => {
    let server: XmppTestServer;
    let ca: string;
    before(async () => {
      server = await startXmppTestServer(dialect);
      await server.addHost(D);
      await server.addMember(D, 'alice', PW);
      ca = await server.certificatePem(D);
    });
    after(() => server.close());

    async function tlsStream(): Promise<RawClient> {
      const client = await RawClient.connect(server.c2sTlsPort, { tls: { servername: D, ca } });
      client.write(streamHeader(D));
      const features = await client.waitFor({ name: 'stream:features' });
      const mechanisms = features.getChild('mechanisms')?.getChildren('mechanism') ?? [];
      assert.ok(
        mechanisms.some((m) => m.text() === 'SCRAM-SHA-256-PLUS'),
        features.toString(),
      );
      const bindings = features.getChild('sasl-channel-binding')?.getChildren('channel-binding') ?? [];
      assert.ok(
        bindings.some((b) => b.attrs.type === 'tls-exporter'),
        features.toString(),
      );
      return client;
    }

    async function authenticate(client: RawClient, mechanism: string, scram: ScramClient): Promise<Element> {
      client.write(
        `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='${mechanism}'>${Buffer.from(scram.first()).toString('base64')}</auth>`,
      );
      const challenge = (await client.waitFor({ name: 'challenge' })).text();
      client.write(
        `<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>${Buffer.from(scram.final(Buffer.from(challenge, 'base64').toString())).toString('base64')}</response>`,
      );
      return client.waitFor(anyOf({ name: 'success' }, { name: 'failure' }));
    }

    it('accepts SCRAM-SHA-256-PLUS with tls-exporter', async () => {
      const client = await tlsStream();
      const data = client.tlsSocket.exportKeyingMaterial(32, 'EXPORTER-Channel-Binding', Buffer.alloc(0));
      const outcome = await authenticate(
        client,
        'SCRAM-SHA-256-PLUS',
        new ScramClient('sha256', 'alice', PW, { type: 'tls-exporter', data }),
      );
      assert.equal(outcome.name, 'success', outcome.toString());
      client.close();
    });

    it('accepts SCRAM-SHA-1-PLUS with tls-server-end-point', async () => {
      const client = await tlsStream();
      const data = createHash('sha256').update(client.tlsSocket.getPeerX509Certificate()!.raw).digest();
      const outcome = await authenticate(
        client,
        'SCRAM-SHA-1-PLUS',
        new ScramClient('sha1', 'alice', PW, { type: 'tls-server-end-point', data }),
      );
      assert.equal(outcome.name, 'success', outcome.toString());
      client.close();
    });

    it('refuses binding data from another connection', async () => {
      const client = await tlsStream();
      const wrong = Buffer.alloc(32, 7);
      const outcome = await authenticate(
        client,
        'SCRAM-SHA-256-PLUS',
        new ScramClient('sha256', 'alice', PW, { type: 'tls-exporter', data: wrong }),
      );
      assert.equal(outcome.name, 'failure');
      assert.ok(outcome.getChild('not-authorized'), outcome.toString());
      client.close();
    });
  });
}
