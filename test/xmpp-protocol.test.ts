/**
 * Raw-socket protocol tests: one per hostile or malformed input, plus the negotiation rules
 * (STARTTLS before auth, unknown hosts, suspended hosts, resource conflicts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { testDialects } from './support/databases.js';
import { messageWith, stanzaError, streamError, type Match } from './xmpp/element-match.js';
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

    async function expectStreamError(input: string, error: Match): Promise<void> {
      const client = await RawClient.connect(server.c2sPort);
      client.write(input);
      await client.waitFor(error);
      await client.waitClosed();
    }

    it('answers an unknown domain with host-unknown', async () => {
      await expectStreamError(streamHeader('nowhere.example.test'), streamError('host-unknown'));
    });

    it('refuses a DOCTYPE with restricted-xml', async () => {
      await expectStreamError(
        `<!DOCTYPE x [<!ENTITY x "BOOM">]>${streamHeader(DOMAIN)}`,
        streamError('restricted-xml'),
      );
    });

    it('refuses a comment with restricted-xml', async () => {
      await expectStreamError(`${streamHeader(DOMAIN)}<!-- hello -->`, streamError('restricted-xml'));
    });

    it('refuses a processing instruction with restricted-xml', async () => {
      await expectStreamError(`${streamHeader(DOMAIN)}<?php echo 1; ?>`, streamError('restricted-xml'));
    });

    it('refuses an undeclared entity with not-well-formed', async () => {
      await expectStreamError(
        `${streamHeader(DOMAIN)}<message><body>&boom;</body></message>`,
        streamError('not-well-formed'),
      );
    });

    it('cuts a pre-auth stanza over 10,000 bytes with policy-violation and stanza-too-big', async () => {
      await expectStreamError(
        `${streamHeader(DOMAIN)}<message><body>${'x'.repeat(20_000)}</body></message>`,
        streamError('policy-violation', [{ name: 'stanza-too-big', xmlns: 'urn:xmpp:errors' }]),
      );
    });

    it('offers only STARTTLS before TLS and refuses PLAIN in the clear', async () => {
      const client = await RawClient.connect(server.c2sPort);
      client.write(streamHeader(DOMAIN));
      const features = await client.waitFor({ name: 'stream:features' });
      const starttls = features.getChild('starttls', 'urn:ietf:params:xml:ns:xmpp-tls');
      assert.ok(starttls?.getChild('required'), features.toString());
      assert.equal(features.getChild('mechanisms'), undefined, 'no mechanism, PLAIN least of all');
      const sent = client.mark();
      client.write(
        `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${Buffer.from('\0alice\0correct horse battery').toString('base64')}</auth>`,
      );
      await client.waitFor({
        name: 'failure',
        xmlns: 'urn:ietf:params:xml:ns:xmpp-sasl',
        has: { name: 'encryption-required' },
      });
      assert.equal(client.find({ name: 'success' }, sent), undefined);
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
        await alice.waitFor(streamError('policy-violation', [{ name: 'stanza-too-big' }]));
        await alice.waitClosed();
        bob.write(
          `<iq type='get' id='still-there' to='${DOMAIN}'><unknown xmlns='urn:example:nothing'/></iq>`,
        );
        await bob.waitFor(stanzaError('iq', 'service-unavailable', { id: 'still-there' }));
        bob.close();
      });

      it('closes a stream carrying invalid UTF-8 with unsupported-encoding, delivering nothing', async () => {
        const bob = await loginRaw(server.c2sPort, DOMAIN, 'bob', 'correct horse battery', ca, 'utf8');
        bob.write('<presence/>');
        await bob.waitFor({ name: 'presence', attrs: { from: `bob@${DOMAIN}/utf8` } });
        const sinceOnline = bob.mark();
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
          await alice.waitFor(streamError('unsupported-encoding'));
          await alice.waitClosed();
        }
        const alice = await loginRaw(server.c2sPort, DOMAIN, 'alice', 'correct horse battery', ca);
        alice.write(`<message to='bob@${DOMAIN}' type='chat' id='good'><body>valid</body></message>`);
        await bob.waitFor(messageWith('valid', { id: 'good' }));
        const delivered = bob.received(sinceOnline).filter((e) => e.name === 'message');
        assert.deepEqual(
          delivered.map((m) => [m.attrs.id, m.getChildText('body')]),
          [['good', 'valid']],
        );
        const beforeQuery = bob.mark();
        await request(bob, `<iq type='set'><query xmlns='urn:xmpp:mam:2'/></iq>`);
        const archived = bob
          .received(beforeQuery)
          .filter((e) => e.name === 'message')
          .map((m) => m.getChild('result')?.getChild('forwarded')?.getChild('message')?.getChildText('body'));
        assert.deepEqual(archived, ['valid']);
        alice.close();
        bob.close();
      });

      it('caps nesting depth with policy-violation', async () => {
        const alice = await loginRaw(server.c2sPort, DOMAIN, 'alice', 'correct horse battery', ca);
        alice.write(`<message to='bob@${DOMAIN}'>${'<a>'.repeat(100)}`);
        await alice.waitFor(streamError('policy-violation'));
        await alice.waitClosed();
      });

      it('answers an IQ nobody handles with service-unavailable', async () => {
        const alice = await loginRaw(server.c2sPort, DOMAIN, 'alice', 'correct horse battery', ca);
        alice.write(`<iq type='set' id='x1' to='${DOMAIN}'><frobnicate xmlns='urn:example:frob'/></iq>`);
        await alice.waitFor(stanzaError('iq', 'service-unavailable', { id: 'x1' }));
        alice.close();
      });

      it('replaces the older session when a resource is bound again', async () => {
        const first = await loginRaw(server.c2sPort, DOMAIN, 'alice', 'correct horse battery', ca, 'phone');
        const beforeSecond = first.mark();
        const second = await loginRaw(server.c2sPort, DOMAIN, 'alice', 'correct horse battery', ca, 'phone');
        await first.waitFor(streamError('conflict'), { since: beforeSecond });
        await first.waitClosed();
        second.close();
      });

      it('refuses stanzas to a domain not served here with remote-server-not-found', async () => {
        const alice = await loginRaw(server.c2sPort, DOMAIN, 'alice', 'correct horse battery', ca);
        alice.write(`<iq type='get' id='far' to='elsewhere.example.org'><ping xmlns='urn:xmpp:ping'/></iq>`);
        await alice.waitFor(stanzaError('iq', 'remote-server-not-found', { id: 'far' }));
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
        const beforeSuspension = carol.mark();
        const host = await server.app.ctx.tenancy.findHostByDomain(domain);
        await server.app.ctx.tenancy.hosts.changeStatus({ kind: 'system' }, host!.id, {
          status: 'suspended',
          reason: 'non_payment',
        });
        await carol.waitFor(streamError('policy-violation', [{ name: 'text', text: /suspended/ }]), {
          since: beforeSuspension,
        });
        await carol.waitClosed();
        const again = loginRaw(server.c2sPort, domain, 'carol', 'correct horse battery', hostCa);
        await assert.rejects(again, /account-disabled[\s\S]*suspended[\s\S]*dashboard/);
      });
    });
  });
}
