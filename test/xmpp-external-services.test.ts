/**
 * XEP-0215 external services over raw sockets: STUN and TURN servers from the module's options
 * (set through IMHOST_XMPP_MODULES, as an operator sets them), with TURN credentials that a TURN
 * server sharing the secret accepts (TURN REST API draft), checked against the secret and the
 * server's clock.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Element } from '../src/xmpp/stanza/index.js';
import { testDialects } from './support/databases.js';
import { loginRaw, request } from './xmpp/raw-client.js';
import { startXmppTestServer, type XmppTestServer } from './xmpp/server-harness.js';

const D = 'calls.example.test';
const PW = 'correct horse battery';
const SECRET = 'shared with coturn';
const TTL = 3600;
const EXTDISCO = 'urn:xmpp:extdisco:2';

const servicesOf = (iq: Element) =>
  (iq.getChild('services', EXTDISCO) ?? iq.getChild('credentials', EXTDISCO))
    ?.getChildren('service')
    .map((service) => ({ ...service.attrs })) ?? [];

for (const dialect of testDialects()) {
  describe(`XEP-0215 external services (${dialect})`, () => {
    let server: XmppTestServer;
    let ca: string;

    before(async () => {
      server = await startXmppTestServer(dialect, {
        env: {
          IMHOST_XMPP_MODULES: JSON.stringify({
            'external-services': {
              services: [
                'stun:stun.example.net',
                'turn:turn.example.net:3478?transport=udp',
                'turns:turn.example.net?transport=tcp',
              ],
              turnSecret: SECRET,
              credentialTtlSeconds: TTL,
            },
          }),
        },
      });
      await server.addHost(D);
      await server.addMember(D, 'alice', PW);
      ca = await server.certificatePem(D);
    });
    after(() => server.close());

    it('lists the configured servers, with TURN credentials the TURN server can check', async () => {
      const alice = await loginRaw(server.c2sPort, D, 'alice', PW, ca, 'call');
      const info = await request(
        alice,
        `<iq type='get' to='${D}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>`,
      );
      assert.ok(
        info
          .getChild('query')
          ?.getChildren('feature')
          .some((f) => f.attrs.var === EXTDISCO),
        info.toString(),
      );

      const now = server.app.clock.now();
      const list = servicesOf(
        await request(alice, `<iq type='get' to='${D}'><services xmlns='${EXTDISCO}'/></iq>`),
      );
      assert.deepEqual(
        list.map((s) => [s.type, s.host, s.port, s.transport]),
        [
          ['stun', 'stun.example.net', '3478', 'udp'],
          ['turn', 'turn.example.net', '3478', 'udp'],
          ['turns', 'turn.example.net', '5349', 'tcp'],
        ],
      );
      assert.equal(list[0]!.username, undefined, 'STUN needs no credentials');
      const expiry = Math.floor(now.getTime() / 1000) + TTL;
      for (const turn of list.slice(1)) {
        assert.equal(turn.restricted, '1');
        assert.equal(turn.username, `${expiry}:alice@${D}`);
        assert.equal(
          turn.password,
          createHmac('sha1', SECRET).update(String(turn.username)).digest('base64'),
        );
        assert.equal(Date.parse(String(turn.expires)), expiry * 1000);
      }

      // Later, fresh credentials for one of them: they expire later, on the server's clock.
      server.app.clock.advance(600_000);
      const fresh = servicesOf(
        await request(
          alice,
          `<iq type='get' to='${D}'><credentials xmlns='${EXTDISCO}'><service type='turn' host='turn.example.net'/></credentials></iq>`,
        ),
      );
      assert.equal(fresh.length, 1);
      assert.equal(fresh[0]!.username, `${expiry + 600}:alice@${D}`);
      assert.equal(
        fresh[0]!.password,
        createHmac('sha1', SECRET)
          .update(`${expiry + 600}:alice@${D}`)
          .digest('base64'),
      );

      const onlyStun = servicesOf(
        await request(alice, `<iq type='get' to='${D}'><services xmlns='${EXTDISCO}' type='stun'/></iq>`),
      );
      assert.deepEqual(
        onlyStun.map((s) => s.host),
        ['stun.example.net'],
      );
      const unknown = await request(
        alice,
        `<iq type='get' to='${D}'><credentials xmlns='${EXTDISCO}'><service type='turn' host='elsewhere.example'/></credentials></iq>`,
      );
      assert.ok(unknown.getChild('error')?.getChild('item-not-found'), unknown.toString());
      alice.close();
    });
  });
}
