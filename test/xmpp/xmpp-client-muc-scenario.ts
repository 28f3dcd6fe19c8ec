/**
 * @xmpp/client (npm) in a group chat room, run as a child process by test/xmpp-client-muc.test.ts
 * (NODE_EXTRA_CA_CERTS and --experimental-websocket apply from the start). Alice creates an instant
 * room, Bob enters; they exchange groupchat messages, Alice sends Bob a XEP-0249 direct invitation
 * to a second room, and Bob leaves. Exit code 0 means every check held.
 *
 * usage: xmpp-client-muc-scenario.ts SERVICE DOMAIN PASSWORD
 */
import assert from 'node:assert/strict';
import { client, xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';

const [service, domain, password] = process.argv.slice(2) as [string, string, string];
const room = `team@conference.${domain}`;
const MUC = 'http://jabber.org/protocol/muc';

function connect(username: string) {
  const xmpp = client({ service, domain, username, password, resource: 'js', timeout: 30_000 });
  xmpp.reconnect.stop();
  xmpp.on('error', (error: Error) => console.error(`${username}: ${error.message}`));
  return xmpp;
}

function next(xmpp: ReturnType<typeof client>, test: (stanza: Element) => boolean): Promise<Element> {
  return new Promise((resolve) => {
    const onStanza = (stanza: Element) => {
      if (!test(stanza)) return;
      xmpp.off('stanza', onStanza);
      resolve(stanza);
    };
    xmpp.on('stanza', onStanza);
  });
}

const codes = (p: Element) =>
  (p.getChild('x', `${MUC}#user`)?.getChildren('status') ?? []).map((s: Element) => s.attrs.code);
const ownPresence = (nick: string) => (s: Element) =>
  s.is('presence') && s.attrs.from === `${room}/${nick}` && codes(s).includes('110');

const alice = connect('alice');
const bob = connect('bob');
await alice.start();
await bob.start();
await alice.send(xml('presence'));
await bob.send(xml('presence'));

const created = next(alice, ownPresence('Alice'));
await alice.send(xml('presence', { to: `${room}/Alice` }, xml('x', { xmlns: MUC })));
assert.ok(codes(await created).includes('201'), 'the room is new');
await alice.iqCaller.request(
  xml(
    'iq',
    { type: 'set', to: room },
    xml('query', { xmlns: `${MUC}#owner` }, xml('x', { xmlns: 'jabber:x:data', type: 'submit' })),
  ),
);

const entered = next(bob, ownPresence('Bob'));
await bob.send(xml('presence', { to: `${room}/Bob` }, xml('x', { xmlns: MUC })));
await entered;

const heard = next(
  bob,
  (s) => s.is('message') && s.attrs.type === 'groupchat' && s.getChildText('body') === 'welcome',
);
await alice.send(xml('message', { to: room, type: 'groupchat' }, xml('body', {}, 'welcome')));
const message = await heard;
assert.equal(message.attrs.from, `${room}/Alice`);
assert.ok(message.getChild('occupant-id', 'urn:xmpp:occupant-id:0'), 'occupant id');
assert.equal(message.getChild('stanza-id', 'urn:xmpp:sid:0')?.attrs.by, room);

// XEP-0249: a direct invitation passes from client to client.
const invited = next(bob, (s) => s.is('message') && s.getChild('x', 'jabber:x:conference') !== undefined);
await alice.send(
  xml(
    'message',
    { to: `bob@${domain}` },
    xml('x', { xmlns: 'jabber:x:conference', jid: `other@conference.${domain}`, reason: 'more' }),
  ),
);
assert.equal((await invited).getChild('x', 'jabber:x:conference')?.attrs.jid, `other@conference.${domain}`);

const left = next(
  alice,
  (s) => s.is('presence') && s.attrs.from === `${room}/Bob` && s.attrs.type === 'unavailable',
);
await bob.send(xml('presence', { to: `${room}/Bob`, type: 'unavailable' }));
await left;

await alice.stop();
await bob.stop();
console.log('ok');
