/**
 * @xmpp/client (npm) sending chat: run by test/billing-usage.test.ts as a child process so that
 * NODE_EXTRA_CA_CERTS (the host's certificate) applies from the start. Alice and Bob log in over
 * STARTTLS; Alice sends Bob COUNT chat messages and one typing notification (no body); the script
 * exits 0 once Bob has received every message.
 *
 * usage: send-messages-scenario.ts SERVICE DOMAIN PASSWORD COUNT
 */
import { client, xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';

const [service, domain, password, countText] = process.argv.slice(2) as [string, string, string, string];
const count = Number(countText);

function connect(username: string) {
  // A generous protocol timeout: the machine running the tests may be busy; nothing here is timed.
  const xmpp = client({ service, domain, username, password, resource: 'usage', timeout: 60_000 });
  xmpp.reconnect.stop();
  xmpp.on('error', (error: Error) => console.error(`${username}: ${error.message}`));
  return xmpp;
}

const alice = connect('alice');
const bob = connect('bob');
await alice.start();
await bob.start();
await bob.send(xml('presence'));

const allReceived = new Promise<void>((resolve) => {
  let received = 0;
  bob.on('stanza', (stanza: Element) => {
    if (stanza.is('message') && stanza.getChild('body') && ++received === count) resolve();
  });
});
const bobJid = `bob@${domain}`;
await alice.send(
  xml(
    'message',
    { to: bobJid, type: 'chat' },
    xml('composing', { xmlns: 'http://jabber.org/protocol/chatstates' }),
  ),
);
for (let i = 1; i <= count; i++)
  await alice.send(xml('message', { to: bobJid, type: 'chat' }, xml('body', {}, `message ${i}`)));
await allReceived;
await alice.stop();
await bob.stop();
console.log('ok');
