/**
 * @xmpp/client (npm) reading XEP-0313 archives, run as a child process by test/xmpp-mam.test.ts
 * (its WebSocket transport needs --experimental-websocket on Node 20). Alice and Bob chat; Bob's
 * copies carry XEP-0359 stanza ids; both page through their archives with XEP-0059 forwards and
 * backwards, and filter by contact. Exit code 0 means every check held.
 *
 * usage: mam-client-scenario.ts SERVICE DOMAIN PASSWORD
 */
import assert from 'node:assert/strict';
import { client, xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';

const [service, domain, password] = process.argv.slice(2) as [string, string, string];
const MAM = 'urn:xmpp:mam:2';
const RSM = 'http://jabber.org/protocol/rsm';
const SID = 'urn:xmpp:sid:0';

type Client = ReturnType<typeof client>;

function connect(username: string): Client {
  // @xmpp/client waits 2 s per stream step by default: too short on a loaded CI machine.
  const xmpp = client({ service, domain, username, password, resource: 'js', timeout: 30_000 });
  xmpp.reconnect.stop();
  xmpp.on('error', (error: Error) => console.error(`${username}: ${error.message}`));
  return xmpp;
}

/** Resolves with the next `count` chat messages with a body (not archive results). */
function nextMessages(xmpp: Client, count: number): Promise<Element[]> {
  const messages: Element[] = [];
  return new Promise((resolve) => {
    const onStanza = (stanza: Element) => {
      if (!stanza.is('message') || !stanza.getChild('body')) return;
      messages.push(stanza);
      if (messages.length < count) return;
      xmpp.off('stanza', onStanza);
      resolve(messages);
    };
    xmpp.on('stanza', onStanza);
  });
}

/** Sends initial presence and waits for its echo: from then on, messages reach the session live. */
async function available(xmpp: Client): Promise<void> {
  const self = xmpp.jid!.toString();
  const echoed = new Promise<void>((resolve) => {
    const onStanza = (stanza: Element) => {
      if (!stanza.is('presence') || stanza.attrs.from !== self) return;
      xmpp.off('stanza', onStanza);
      resolve();
    };
    xmpp.on('stanza', onStanza);
  });
  await xmpp.send(xml('presence'));
  await echoed;
}

let queries = 0;

interface Page {
  bodies: string[];
  ids: string[];
  results: Element[];
  fin: Element;
}

/** One archive query; the results arrive as messages before the IQ result that ends it. */
async function query(xmpp: Client, set: Element[], fields: Element[] = []): Promise<Page> {
  const queryid = `q${++queries}`;
  const results: Element[] = [];
  const onStanza = (stanza: Element) => {
    const result = stanza.getChild('result', MAM);
    if (stanza.is('message') && result?.attrs.queryid === queryid) results.push(result);
  };
  xmpp.on('stanza', onStanza);
  const form = xml(
    'x',
    { xmlns: 'jabber:x:data', type: 'submit' },
    xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, MAM)),
    ...fields,
  );
  const reply = await xmpp.iqCaller.request(
    xml(
      'iq',
      { type: 'set' },
      xml('query', { xmlns: MAM, queryid }, form, xml('set', { xmlns: RSM }, ...set)),
    ),
  );
  xmpp.off('stanza', onStanza);
  const fin = reply.getChild('fin', MAM);
  assert.ok(fin, reply.toString());
  return {
    results,
    fin,
    ids: results.map((r) => r.attrs.id as string),
    bodies: results.map((r) => r.getChild('forwarded')!.getChild('message')!.getChildText('body') ?? ''),
  };
}

const max = (n: number) => xml('max', {}, String(n));
const isComplete = (page: Page) => page.fin.attrs.complete === 'true';
function rsm(page: Page, name: string): string {
  const text = page.fin.getChild('set', RSM)?.getChildText(name);
  assert.ok(text, `no ${name} in ${page.fin.toString()}`);
  return text;
}

const alice = connect('alice');
const bob = connect('bob');
const aliceJid = await alice.start();
const bobJid = await bob.start();
await available(alice);
await available(bob);

const toBob = nextMessages(bob, 3);
for (const body of ['one', 'two', 'three'])
  await alice.send(xml('message', { to: bobJid.bare().toString(), type: 'chat' }, xml('body', {}, body)));
const received = await toBob;
const toAlice = nextMessages(alice, 2);
for (const body of ['four', 'five'])
  await bob.send(xml('message', { to: aliceJid.bare().toString(), type: 'chat' }, xml('body', {}, body)));
await toAlice;

// XEP-0359: every copy Bob got names its place in Bob's archive.
const stanzaIds = received.map((message) => {
  const stanzaId = message.getChild('stanza-id', SID);
  assert.ok(stanzaId, message.toString());
  assert.equal(stanzaId.attrs.by, `bob@${domain}`);
  return stanzaId.attrs.id as string;
});

const info = await bob.iqCaller.request(
  xml(
    'iq',
    { type: 'get', to: bobJid.bare().toString() },
    xml('query', { xmlns: 'http://jabber.org/protocol/disco#info' }),
  ),
);
const features = info
  .getChild('query')!
  .getChildren('feature')
  .map((f: Element) => f.attrs.var);
assert.ok(features.includes(MAM) && features.includes(SID), features.join(' '));

// Forwards, two at a time.
const first = await query(bob, [max(2)]);
assert.deepEqual(first.bodies, ['one', 'two']);
assert.deepEqual(first.ids, stanzaIds.slice(0, 2));
assert.equal(rsm(first, 'count'), '5');
assert.equal(first.fin.getChild('set', RSM)!.getChild('first')!.attrs.index, '0');
assert.equal(isComplete(first), false);
const forwarded = first.results[0]!.getChild('forwarded')!;
assert.ok(forwarded.getChild('delay', 'urn:xmpp:delay')?.attrs.stamp);
assert.equal(forwarded.getChild('message')!.attrs.from, aliceJid.toString());
const second = await query(bob, [max(2), xml('after', {}, rsm(first, 'last'))]);
assert.deepEqual(second.bodies, ['three', 'four']);
assert.equal(second.ids[0], stanzaIds[2]);
assert.equal(second.fin.getChild('set', RSM)!.getChild('first')!.attrs.index, '2');
assert.equal(isComplete(second), false);
const third = await query(bob, [max(2), xml('after', {}, rsm(second, 'last'))]);
assert.deepEqual(third.bodies, ['five']);
assert.equal(isComplete(third), true);

// Backwards from the end, as clients catch up on the newest history first.
const last = await query(bob, [max(2), xml('before')]);
assert.deepEqual(last.bodies, ['four', 'five']);
assert.equal(isComplete(last), false);
const earlier = await query(bob, [max(2), xml('before', {}, rsm(last, 'first'))]);
assert.deepEqual(earlier.bodies, ['two', 'three']);
const earliest = await query(bob, [max(2), xml('before', {}, rsm(earlier, 'first'))]);
assert.deepEqual(earliest.bodies, ['one']);
assert.equal(isComplete(earliest), true);

// Alice's own archive holds the same conversation; filters narrow it.
const withBob = await query(alice, [], [xml('field', { var: 'with' }, xml('value', {}, `bob@${domain}`))]);
assert.deepEqual(withBob.bodies, ['one', 'two', 'three', 'four', 'five']);
assert.equal(isComplete(withBob), true);
const withBobsResource = await query(
  alice,
  [],
  [xml('field', { var: 'with' }, xml('value', {}, bobJid.toString()))],
);
assert.deepEqual(withBobsResource.bodies, ['four', 'five'], 'a full JID matches that resource only');
const afterId = await query(bob, [], [xml('field', { var: 'after-id' }, xml('value', {}, stanzaIds[1]!))]);
assert.deepEqual(afterId.bodies, ['three', 'four', 'five']);
const countOnly = await query(bob, [max(0)]);
assert.equal(countOnly.results.length, 0);
assert.equal(rsm(countOnly, 'count'), '5');

await alice.stop();
await bob.stop();
console.log('ok');
