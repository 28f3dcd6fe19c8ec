/**
 * Raw-socket protocol tests: one per hostile or malformed input, plus the negotiation rules
 * (STARTTLS before auth, unknown hosts, suspended hosts, resource conflicts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { testDialects } from './support/databases.js';
import { loginRaw, RawClient, request, streamHeader } from './xmpp/raw-client.js';
import { startXmppTestServer, type XmppTestServer } from './xmpp/server-harness.js';

const DOMAIN = 'chat.example.test';

for (const dialect of testDialects()) {
  describe(`XMPP protocol robustness (${dialect})`, () => {
    let server: XmppTestServer;
    let ca: string;

    before(async () => {
      server = await startXmppTestServer(dialect);
      await server.addHost(DOMAIN);
      await server.addMember(DOMAIN, 'alice', 'correct horse battery');
      await server.addMember(DOMAIN, 'bob', 'correct horse battery');
      ca = await server.certificatePem(DOMAIN);
    });
    after(() => server.close());

    async function expectStreamError(input: string, condition: RegExp): Promise<RawClient> {
      const client = await RawClient.connect(server.c2sPort);
      client.write(input);
      await client.waitFor(condition);
      await client.waitClosed();
      return client;
    }

    it('answers an unknown domain with host-unknown', async () => {
      await expectStreamError(
        streamHeader('nowhere.example.test'),
        /<host-unknown xmlns=["']urn:ietf:params:xml:ns:xmpp-streams["']\/>/,
      );
    });

    it('refuses a DOCTYPE with restricted-xml', async () => {
      await expectStreamError(
        `<!DOCTYPE x [<!ENTITY x "BOOM">]>${streamHeader(DOMAIN)}`,
        /<stream:error[^>]*><restricted-xml/,
      );
    });

    it('refuses a comment with restricted-xml', async () => {
      await expectStreamError(`${streamHeader(DOMAIN)}<!-- hello -->`, /<restricted-xml/);
    });

    it('refuses a processing instruction with restricted-xml', async () => {
      await expectStreamError(`${streamHeader(DOMAIN)}<?php echo 1; ?>`, /<restricted-xml/);
    });

    it('refuses an undeclared entity with not-well-formed', async () => {
      await expectStreamError(
        `${streamHeader(DOMAIN)}<message><body>&boom;</body></message>`,
        /<not-well-formed/,
      );
    });

    it('cuts a pre-auth stanza over 10,000 bytes with policy-violation and stanza-too-big', async () => {
      const client = await expectStreamError(
        `${streamHeader(DOMAIN)}<message><body>${'x'.repeat(20_000)}</body></message>`,
        /<policy-violation xmlns=["']urn:ietf:params:xml:ns:xmpp-streams["']\/>/,
      );
      assert.match(client.text, /<stanza-too-big xmlns=["']urn:xmpp:errors["']\/>/);
    });

    it('offers only STARTTLS before TLS and refuses PLAIN in the clear', async () => {
      const client = await RawClient.connect(server.c2sPort);
      client.write(streamHeader(DOMAIN));
      const [features] = await client.waitFor(/<stream:features[\s\S]*<\/stream:features>/);
      assert.match(
        features,
        /<starttls xmlns=["']urn:ietf:params:xml:ns:xmpp-tls["']><required\/><\/starttls>/,
      );
      assert.doesNotMatch(features, /PLAIN/);
      client.write(
        `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${Buffer.from('\0alice\0correct horse battery').toString('base64')}</auth>`,
      );
      await client.waitFor(/<failure xmlns=["']urn:ietf:params:xml:ns:xmpp-sasl["']><encryption-required\/>/);
      assert.doesNotMatch(client.text, /<success/);
      client.close();
    });

    it('refuses a wrong password with not-authorized', async () => {
      await assert.rejects(
        loginRaw(server.c2sPort, DOMAIN, 'alice', 'wrong password!', ca),
        /SASL failed.*not-authorized/,
      );
    });

    /** Sends frames over RFC 7395 WebSocket and collects every frame until the server closes. */
    async function websocketExchange(frames: string[]): Promise<string> {
      const socket = new WebSocket(`ws://127.0.0.1:${server.httpPort}/xmpp-websocket`, 'xmpp');
      let received = '';
      socket.on('message', (data) => (received += data.toString()));
      await new Promise((resolve) => socket.once('open', resolve));
      for (const frame of frames) socket.send(frame);
      await new Promise((resolve) => socket.once('close', resolve));
      return received;
    }
    const wsOpen = (to: string) =>
      `<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='${to}' version='1.0'/>`;

    it('answers an unknown domain over WebSocket with host-unknown and <close/>', async () => {
      const text = await websocketExchange([wsOpen('nowhere.example.test')]);
      assert.match(text, /<host-unknown/);
      assert.match(text, /<close xmlns=["']urn:ietf:params:xml:ns:xmpp-framing["']\/>/);
    });

    it('refuses a comment in a WebSocket frame with restricted-xml', async () => {
      const text = await websocketExchange([wsOpen(DOMAIN), '<!-- sneaky -->']);
      assert.match(text, /<restricted-xml/);
    });

    it('closes a WebSocket whose text frame is not UTF-8 with 1007', async () => {
      const socket = new WebSocket(`ws://127.0.0.1:${server.httpPort}/xmpp-websocket`, 'xmpp');
      await new Promise((resolve) => socket.once('open', resolve));
      socket.send(wsOpen(DOMAIN));
      const closed = new Promise<number>((resolve) => socket.once('close', resolve));
      socket.send(
        Buffer.concat([
          Buffer.from(`<message xmlns='jabber:client' to='bob@${DOMAIN}'><body>`),
          Buffer.from([0xed, 0xa0, 0x80]),
          Buffer.from('</body></message>'),
        ]),
        { binary: false },
      );
      assert.equal(await closed, 1007);
    });

    describe('after authentication', () => {
      it('cuts a stanza over 256 KiB without disturbing another session', async () => {
        const alice = await loginRaw(server.c2sPort, DOMAIN, 'alice', 'correct horse battery', ca);
        const bob = await loginRaw(server.c2sPort, DOMAIN, 'bob', 'correct horse battery', ca);
        alice.write(`<message to='bob@${DOMAIN}'><body>${'y'.repeat(300 * 1024)}</body></message>`);
        await alice.waitFor(/<policy-violation[\s\S]*<stanza-too-big/);
        await alice.waitClosed();
        bob.write(
          `<iq type='get' id='still-there' to='${DOMAIN}'><unknown xmlns='urn:example:nothing'/></iq>`,
        );
        await bob.waitFor(
          /<iq[^>]*id=["']still-there["'][^>]*type=["']error["']|<iq[^>]*type=["']error["'][^>]*id=["']still-there["']/,
        );
        assert.match(bob.text, /<service-unavailable xmlns=["']urn:ietf:params:xml:ns:xmpp-stanzas["']\/>/);
        bob.close();
      });

      it('closes a stream carrying invalid UTF-8 with unsupported-encoding, delivering nothing', async () => {
        const bob = await loginRaw(server.c2sPort, DOMAIN, 'bob', 'correct horse battery', ca, 'utf8');
        bob.write('<presence/>');
        await bob.waitFor(/<presence[^>]*from=["'][^"']+\/utf8["']/);
        const invalid: number[][] = [
          [0xc0, 0xaf],
          [0xed, 0xa0, 0x80],
          [0xf4, 0x90, 0x80, 0x80],
        ];
        for (const [index, bytes] of invalid.entries()) {
          const alice = await loginRaw(server.c2sPort, DOMAIN, 'alice', 'correct horse battery', ca);
          // The bytes straddle two writes, and the stream end follows: an unfixed server delivers
          // the message and closes cleanly, so the wait below fails instead of hanging.
          const [head, ...rest] = bytes;
          alice.write(
            Buffer.concat([
              Buffer.from(`<message to='bob@${DOMAIN}' type='chat' id='bad${index}'><body>x`),
              Buffer.from([head!]),
            ]),
          );
          alice.write(Buffer.concat([Buffer.from(rest), Buffer.from('y</body></message></stream:stream>')]));
          await alice.waitFor(
            /<stream:error[^>]*><unsupported-encoding xmlns=["']urn:ietf:params:xml:ns:xmpp-streams["']\/>/,
          );
          await alice.waitClosed();
        }
        const alice = await loginRaw(server.c2sPort, DOMAIN, 'alice', 'correct horse battery', ca);
        alice.write(`<message to='bob@${DOMAIN}' type='chat' id='good'><body>valid</body></message>`);
        await bob.waitFor(/<message[^>]*id=["']good["']/);
        assert.doesNotMatch(bob.text, /id=["']bad|\ufffd/);
        bob.clear();
        const fin = await request(bob, `<iq type='set'><query xmlns='urn:xmpp:mam:2'/></iq>`);
        const archived = [...bob.text.slice(0, bob.text.indexOf(fin)).matchAll(/<body>([^<]*)<\/body>/g)];
        assert.ok(archived.some((m) => m[1] === 'valid'));
        assert.ok(!archived.some((m) => m[1] !== 'valid'), bob.text);
        alice.close();
        bob.close();
      });

      it('caps nesting depth with policy-violation', async () => {
        const alice = await loginRaw(server.c2sPort, DOMAIN, 'alice', 'correct horse battery', ca);
        alice.write(`<message to='bob@${DOMAIN}'>${'<a>'.repeat(100)}`);
        await alice.waitFor(/<policy-violation/);
        await alice.waitClosed();
      });

      it('answers an IQ nobody handles with service-unavailable', async () => {
        const alice = await loginRaw(server.c2sPort, DOMAIN, 'alice', 'correct horse battery', ca);
        alice.write(`<iq type='set' id='x1' to='${DOMAIN}'><frobnicate xmlns='urn:example:frob'/></iq>`);
        await alice.waitFor(/<service-unavailable/);
        alice.close();
      });

      it('replaces the older session when a resource is bound again', async () => {
        const first = await loginRaw(server.c2sPort, DOMAIN, 'alice', 'correct horse battery', ca, 'phone');
        const second = await loginRaw(server.c2sPort, DOMAIN, 'alice', 'correct horse battery', ca, 'phone');
        await first.waitFor(/<conflict xmlns=["']urn:ietf:params:xml:ns:xmpp-streams["']\/>/);
        await first.waitClosed();
        second.close();
      });

      it('refuses stanzas to a domain not served here with remote-server-not-found', async () => {
        const alice = await loginRaw(server.c2sPort, DOMAIN, 'alice', 'correct horse battery', ca);
        alice.write(`<iq type='get' id='far' to='elsewhere.example.org'><ping xmlns='urn:xmpp:ping'/></iq>`);
        await alice.waitFor(/<remote-server-not-found/);
        alice.close();
      });
    });

    describe('tenancy changes', () => {
      it('refuses logins to a suspended host and closes its sessions', async () => {
        const domain = 'suspended.example.test';
        await server.addHost(domain);
        await server.addMember(domain, 'carol', 'correct horse battery');
        const hostCa = await server.certificatePem(domain);
        const carol = await loginRaw(server.c2sPort, domain, 'carol', 'correct horse battery', hostCa);
        const host = await server.app.ctx.tenancy.findHostByDomain(domain);
        await server.app.ctx.tenancy.hosts.changeStatus({ kind: 'system' }, host!.id, {
          status: 'suspended',
          reason: 'non_payment',
        });
        await carol.waitFor(/<policy-violation[\s\S]*suspended/);
        await carol.waitClosed();
        const again = loginRaw(server.c2sPort, domain, 'carol', 'correct horse battery', hostCa);
        await assert.rejects(again, /account-disabled[\s\S]*suspended[\s\S]*dashboard/);
      });
    });
  });
}
