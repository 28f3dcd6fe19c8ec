/**
 * @xmpp/client (npm) resuming a XEP-0198 session, run as a child process by
 * test/xmpp-client-sm.test.ts (NODE_EXTRA_CA_CERTS and --experimental-websocket apply from the
 * start). Alice enables stream management as the client does by itself, her connection drops
 * without a closing tag, Bob writes to her meanwhile, and the client's reconnection resumes the
 * session: same resource, the message that came while she was away, and no new login of the
 * resource. Exit code 0 means every check held.
 *
 * usage: xmpp-client-sm-scenario.ts SERVICE DOMAIN PASSWORD
 */
import assert from 'node:assert/strict';
import { client, xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { resolveToLoopback, sendSniOnDirectTls } from './xmpp-client-patches.js';

const [service, domain, password] = process.argv.slice(2) as [string, string, string];

resolveToLoopback(domain);
sendSniOnDirectTls();

function connect(username: string, isReconnecting: boolean) {
  // @xmpp/client waits 2 s per stream step by default: too short on a loaded CI machine.
  const xmpp = client({ service, domain, username, password, resource: 'sm', timeout: 30_000 });
  if (!isReconnecting) xmpp.reconnect.stop();
  xmpp.on('error', (error: Error) => console.error(`${username}: ${error.message}`));
  return xmpp;
}

function nextMessage(xmpp: ReturnType<typeof client>, body: string): Promise<Element> {
  return new Promise((resolve) => {
    const onStanza = (stanza: Element) => {
      if (!stanza.is('message') || stanza.getChildText('body') !== body) return;
      xmpp.off('stanza', onStanza);
      resolve(stanza);
    };
    xmpp.on('stanza', onStanza);
  });
}

// A resumption that never comes (the client fell back to a new session) fails within seconds.
setTimeout(() => {
  console.error('no resumption within 30 s');
  process.exit(1);
}, 30_000).unref();

const alice = connect('alice', true);
const bob = connect('bob', false);
const aliceJid = await alice.start();
const bobJid = await bob.start();
await alice.send(xml('presence'));
await bob.send(xml('presence'));
const sm = alice.streamManagement as unknown as {
  id: string;
  enabled: boolean;
  inbound: number;
} & NodeJS.EventEmitter;
assert.ok(sm.enabled && sm.id, 'the client enabled stream management with resumption');
const previd = sm.id;

const first = nextMessage(alice, 'before the drop');
await bob.send(xml('message', { to: aliceJid.toString(), type: 'chat' }, xml('body', {}, 'before the drop')));
await first;

// The transport goes without a closing tag, as when a phone changes networks.
const resumed = new Promise<void>((resolve) => sm.once('resumed', () => resolve()));
const away = nextMessage(alice, 'while you were away');
const transport = (alice as unknown as { socket: { socket: { destroy?: () => void; close(): void } } }).socket
  .socket;
if (transport.destroy) transport.destroy();
else transport.close();
await bob.send(
  xml('message', { to: aliceJid.toString(), type: 'chat' }, xml('body', {}, 'while you were away')),
);

await resumed;
const message = await away;
assert.equal(message.attrs.from, bobJid.toString());
assert.equal(alice.jid?.toString(), aliceJid.toString(), 'the same resource');
assert.equal(sm.id, previd, 'the same session');

// The resumed session is available: a message to the bare JID reaches it.
const bare = nextMessage(alice, 'to your bare JID');
await bob.send(xml('message', { to: `alice@${domain}`, type: 'chat' }, xml('body', {}, 'to your bare JID')));
await bare;

alice.reconnect.stop();
await alice.stop();
await bob.stop();
console.log('ok');
