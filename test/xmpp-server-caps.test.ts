/**
 * The server's own XEP-0115 caps in its stream features (§6.3): the `ver` a client is offered after
 * logging in is the hash of the disco#info the host then answers, the `node#ver` it names gets that
 * same answer, and both follow the modules that are loaded.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { capsHash, type Element } from '../src/xmpp/stanza/index.js';
import { testDialects } from './support/databases.js';
import { loginRaw, request } from './xmpp/raw-client.js';
import { startXmppTestServer, type XmppTestServer } from './xmpp/server-harness.js';

const DOMAIN = 'caps.example.test';
const PASSWORD = 'correct horse battery';
const CAPS = 'http://jabber.org/protocol/caps';
const DISCO_INFO = 'http://jabber.org/protocol/disco#info';
const TIME = 'urn:xmpp:time';

for (const dialect of testDialects()) {
  describe(`the server's XEP-0115 caps (${dialect})`, () => {
    let server: XmppTestServer;
    let ca: string;

    before(async () => {
      server = await startXmppTestServer(dialect);
      await server.addHost(DOMAIN);
      await server.addMember(DOMAIN, 'alice', PASSWORD);
      ca = await server.certificatePem(DOMAIN);
    });
    after(() => server.close());

    /** The caps of the features offered after login, and the host's disco#info, asked on that stream. */
    async function capsAndInfo(resource: string): Promise<{ caps: Element; info: Element }> {
      const alice = await loginRaw(server.c2sPort, DOMAIN, 'alice', PASSWORD, ca, resource);
      try {
        const features = alice.received().filter((e) => e.name === 'stream:features');
        const caps = features.at(-1)?.getChild('c', CAPS);
        assert.ok(caps, `no caps after login: ${features.at(-1)?.toString()}`);
        assert.equal(caps.attrs.hash, 'sha-1');
        assert.ok(caps.attrs.node);
        const reply = await request(
          alice,
          `<iq type='get' to='${DOMAIN}'><query xmlns='${DISCO_INFO}'/></iq>`,
        );
        const info = reply.getChild('query', DISCO_INFO);
        assert.ok(info, reply.toString());

        const node = `${caps.attrs.node}#${caps.attrs.ver}`;
        const byNode = await request(
          alice,
          `<iq type='get' to='${DOMAIN}'><query xmlns='${DISCO_INFO}' node='${node}'/></iq>`,
        );
        const named = byNode.getChild('query', DISCO_INFO);
        assert.equal(byNode.attrs.type, 'result', byNode.toString());
        assert.equal(named?.attrs.node, node);
        assert.equal(capsHash(named, 'sha-1'), caps.attrs.ver, 'the caps node answers the same');

        const stale = await request(
          alice,
          `<iq type='get' to='${DOMAIN}'><query xmlns='${DISCO_INFO}' node='${caps.attrs.node}#stale='/></iq>`,
        );
        assert.ok(stale.getChild('error')?.getChild('item-not-found'), stale.toString());
        return { caps, info };
      } finally {
        alice.close();
      }
    }

    const features = (info: Element) => info.getChildren('feature').map((f) => String(f.attrs.var));

    it("offers after login the hash of the host's disco#info, which says it generates caps", async () => {
      const { caps, info } = await capsAndInfo('first');
      assert.equal(capsHash(info, 'sha-1'), caps.attrs.ver);
      assert.ok(features(info).includes(CAPS));
    });

    it('hashes anew when a module is unloaded', async () => {
      const before = await capsAndInfo('before');
      assert.ok(features(before.info).includes(TIME));
      await server.xmpp.modules.unload('time');
      const after = await capsAndInfo('after');
      assert.ok(!features(after.info).includes(TIME));
      assert.notEqual(after.caps.attrs.ver, before.caps.attrs.ver);
      assert.equal(capsHash(after.info, 'sha-1'), after.caps.attrs.ver);
    });
  });
}
