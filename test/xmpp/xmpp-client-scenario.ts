/**
 * @xmpp/client (npm) against our server, run as a child process by test/xmpp-client.test.ts so that
 * NODE_EXTRA_CA_CERTS (the host's certificate) and --experimental-websocket apply from the start.
 * Alice and Bob log in over the given service URL, exchange a message, and Alice pings the server
 * and reads its disco#info. Exit code 0 means every check held.
 *
 * usage: xmpp-client-scenario.ts SERVICE DOMAIN PASSWORD
 */
import assert from 'node:assert/strict';
import { client, xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { resolveToLoopback, sendSniOnDirectTls } from './xmpp-client-patches.js';

const [service, domain, password] = process.argv.slice(2) as [string, string, string];

resolveToLoopback(domain);
sendSniOnDirectTls();

function connect(username: string) {
  // @xmpp/client waits 2 s per stream step by default: too short on a loaded CI machine.
  const xmpp = client({ service, domain, username, password, resource: 'js', timeout: 30_000 });
  xmpp.reconnect.stop();
  xmpp.on('error', (error: Error) => console.error(`${username}: ${error.message}`));
  return xmpp;
}

function nextMessage(xmpp: ReturnType<typeof client>): Promise<Element> {
  return new Promise((resolve) => {
    const onStanza = (stanza: Element) => {
      if (!stanza.is('message') || !stanza.getChild('body')) return;
      xmpp.off('stanza', onStanza);
      resolve(stanza);
    };
    xmpp.on('stanza', onStanza);
  });
}

const alice = connect('alice');
const bob = connect('bob');
const aliceJid = await alice.start();
const bobJid = await bob.start();
assert.equal(aliceJid.toString(), `alice@${domain}/js`);
await alice.send(xml('presence'));
await bob.send(xml('presence'));

const received = nextMessage(bob);
await alice.send(
  xml(
    'message',
    { to: bobJid.toString(), type: 'chat' },
    xml('body', {}, 'hello over ' + service.split(':')[0]),
  ),
);
const message = await received;
assert.equal(message.getChildText('body'), 'hello over ' + service.split(':')[0]);
assert.equal(message.attrs.from, aliceJid.toString());

await alice.iqCaller.request(xml('iq', { type: 'get', to: domain }, xml('ping', { xmlns: 'urn:xmpp:ping' })));
const info = await alice.iqCaller.request(
  xml('iq', { type: 'get', to: domain }, xml('query', { xmlns: 'http://jabber.org/protocol/disco#info' })),
);
const features = info
  .getChild('query')!
  .getChildren('feature')
  .map((f: Element) => f.attrs.var);
assert.ok(features.includes('urn:xmpp:blocking'), features.join(' '));

await alice.stop();
await bob.stop();
console.log('ok');
