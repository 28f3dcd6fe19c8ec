/**
 * XEP-0114 components: a raw socket speaking the protocol byte by byte (handshake, routing both
 * ways, every stream error), and @xmpp/component (npm, the xmpp.js component) chatting with an
 * account. Each test has a component domain of its own, so none waits for another's connection
 * to be noticed closed.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { freePort } from './support/free-port.js';
import { after, before, describe, it } from 'node:test';
import { component, xml } from '@xmpp/component';
import type { Element } from '@xmpp/xml';
import { testDialects } from './support/databases.js';
import { messageWith, streamError } from './xmpp/element-match.js';
import { loginRaw, RawClient } from './xmpp/raw-client.js';
import { startXmppTestServer, type XmppTestServer } from './xmpp/server-harness.js';

const D = 'comp.example.test';
const BRIDGE = `bridge.${D}`;
const BOT = `bot.${D}`;
const RELAY = `relay.${D}`;
const GATE = `gate.${D}`;
const ORPHAN = 'orphan.nowhere.example.test';
const SECRET = 'a shared secret';
const PW = 'correct horse battery';

const header = (domain: string, xmlns = 'jabber:component:accept') =>
  `<?xml version='1.0'?><stream:stream xmlns='${xmlns}' xmlns:stream='http://etherx.jabber.org/streams' to='${domain}'>`;

for (const dialect of testDialects()) {
  describe(`XEP-0114 components (${dialect})`, () => {
    let server: XmppTestServer;
    let ca: string;
    let port: number;
    const open: RawClient[] = [];

    before(async () => {
      port = await freePort();
      const components = [BRIDGE, BOT, RELAY, GATE, ORPHAN].map((domain) => `${domain}=${SECRET}`);
      server = await startXmppTestServer(dialect, {
        env: { IMHOST_XMPP_MODULES: JSON.stringify({ component: { port, components } }) },
      });
      await server.addHost(D);
      await server.addMember(D, 'alice', PW);
      ca = await server.certificatePem(D);
    });
    after(async () => {
      for (const client of open) client.close();
      await server.close();
    });

    async function connectComponent(domain: string, secret = SECRET): Promise<RawClient> {
      const client = await RawClient.connect(port);
      open.push(client);
      client.write(header(domain));
      const opened = await client.waitFor({ name: 'stream:stream' });
      const digest = createHash('sha1')
        .update(`${String(opened.attrs.id)}${secret}`)
        .digest('hex');
      client.write(`<handshake>${digest}</handshake>`);
      return client;
    }

    it('routes both ways once the handshake proves the secret', async () => {
      const bridge = await connectComponent(BRIDGE);
      await bridge.waitFor({ name: 'handshake' });
      const alice = await loginRaw(server.c2sPort, D, 'alice', PW, ca, 'desk');
      open.push(alice);
      alice.write(`<message to='someone@${BRIDGE}' type='chat' id='m1'><body>to the bridge</body></message>`);
      const got = await bridge.waitFor(messageWith('to the bridge'));
      assert.equal(got.attrs.from, `alice@${D}/desk`);
      bridge.write(
        `<message from='someone@${BRIDGE}/x' to='alice@${D}/desk' type='chat'><body>from the bridge</body></message>`,
      );
      const back = await alice.waitFor(messageWith('from the bridge'));
      assert.equal(back.attrs.from, `someone@${BRIDGE}/x`);
      // The component's IQ to the server is answered to the component.
      bridge.write(`<iq type='get' id='p1' from='${BRIDGE}' to='${D}'><ping xmlns='urn:xmpp:ping'/></iq>`);
      await bridge.waitFor({ name: 'iq', attrs: { id: 'p1', type: 'result' } });
      bridge.close();
    });

    it('refuses a wrong handshake with not-authorized', async () => {
      const bridge = await connectComponent(BRIDGE, 'not the secret');
      await bridge.waitFor(streamError('not-authorized'));
      await bridge.waitClosed();
    });

    it('answers host-unknown for an unconfigured domain and for one under no host here', async () => {
      for (const domain of [`elsewhere.${D}`, ORPHAN]) {
        const client = await RawClient.connect(port);
        open.push(client);
        client.write(header(domain));
        await client.waitFor(streamError('host-unknown'));
        await client.waitClosed();
      }
    });

    it('refuses a second connection for a connected domain with conflict', async () => {
      const first = await connectComponent(RELAY);
      await first.waitFor({ name: 'handshake' });
      const second = await connectComponent(RELAY);
      await second.waitFor(streamError('conflict'));
      await second.waitClosed();
      first.close();
    });

    it('closes a component that sends from another domain with invalid-from', async () => {
      const bridge = await connectComponent(GATE);
      await bridge.waitFor({ name: 'handshake' });
      bridge.write(`<message from='alice@${D}' to='alice@${D}'><body>spoofed</body></message>`);
      await bridge.waitFor(streamError('invalid-from'));
      await bridge.waitClosed();
    });

    it('lets @xmpp/component chat with an account', async () => {
      const alice = await loginRaw(server.c2sPort, D, 'alice', PW, ca, 'phone');
      open.push(alice);
      const bot = component({ service: `xmpp://127.0.0.1:${port}`, domain: BOT, password: SECRET });
      bot.reconnect.stop();
      const received = new Promise<Element>((resolve) =>
        bot.on('stanza', (stanza: Element) => {
          if (stanza.is('message')) resolve(stanza);
        }),
      );
      await bot.start();
      alice.write(`<message to='echo@${BOT}' type='chat'><body>ping the bot</body></message>`);
      const message = await received;
      assert.equal(message.getChildText('body'), 'ping the bot');
      await bot.send(
        xml(
          'message',
          { from: `echo@${BOT}`, to: String(message.attrs.from), type: 'chat' },
          xml('body', {}, 'pong from the bot'),
        ),
      );
      await alice.waitFor(messageWith('pong from the bot', { from: `echo@${BOT}` }));
      await bot.stop();
    });
  });
}
