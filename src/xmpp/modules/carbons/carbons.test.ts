/**
 * XEP-0280 with the module test kit (and the message module it requires): which resources get a
 * copy of what, enabling and disabling, and who may. What involves other modules with storage
 * (archive ids, offline messages, blocking) is in test/xmpp-carbons.test.ts, over sockets.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createModuleKit, type KitSession } from '../../../../test/xmpp/module-kit.js';
import type { Element } from '../../stanza/index.js';
import { carbonsModule } from './module.js';

const CARBONS = 'urn:xmpp:carbons:2';
const D = 'example.test';

const isCarbon = (stanza: Element) =>
  stanza.name === 'message' &&
  (stanza.getChild('received', CARBONS) ?? stanza.getChild('sent', CARBONS)) !== undefined;
/** The message a copy forwards. */
const forwardedOf = (carbon: Element | undefined) =>
  (carbon?.getChild('received', CARBONS) ?? carbon?.getChild('sent', CARBONS))
    ?.getChild('forwarded', 'urn:xmpp:forward:0')
    ?.getChild('message');
const bodies = (stanzas: Element[]) =>
  stanzas.map((s) => s.getChildText('body') ?? forwardedOf(s)?.getChildText('body'));
const chat = (to: string, body: string) => `<message type='chat' to='${to}'><body>${body}</body></message>`;

async function setUp() {
  const kit = createModuleKit({ modules: [carbonsModule], members: [`alice@${D}`] });
  /** An available session, with carbons enabled or not. */
  async function online(
    jid: string,
    options: { carbons?: boolean; priority?: number } = {},
  ): Promise<KitSession> {
    const session = await kit.connect(jid, { presence: '<presence/>', priority: options.priority ?? 0 });
    if (options.carbons) await enable(session);
    session.take();
    return session;
  }
  async function enable(session: KitSession, verb: 'enable' | 'disable' = 'enable', to?: string) {
    return kit.iq(session, `<${verb} xmlns='${CARBONS}'/>`, { type: 'set', ...(to && { to }) });
  }
  return { kit, online, enable };
}

describe('XEP-0280 message carbons', () => {
  it('copies a received message to the other enabled resources only', async () => {
    const { kit, online } = await setUp();
    const a = await online(`alice@${D}/A`, { carbons: true });
    const b = await online(`alice@${D}/B`, { carbons: true });
    const c = await online(`alice@${D}/C`);
    const bob = await online(`bob@${D}/r`);
    await kit.send(bob, chat(`alice@${D}/A`, 'hello-a'));
    assert.deepEqual(bodies(a.take()), ['hello-a']);
    const [carbon, ...more] = b.take();
    assert.deepEqual(more, []);
    assert.ok(carbon && isCarbon(carbon), String(carbon));
    assert.deepEqual(
      [carbon.attrs.from, carbon.attrs.to, carbon.attrs.type],
      [`alice@${D}`, `alice@${D}/B`, 'chat'],
    );
    assert.ok(carbon.getChild('received', CARBONS));
    const copied = forwardedOf(carbon)!;
    assert.deepEqual(
      [copied.attrs.from, copied.attrs.xmlns, copied.getChildText('body')],
      [`bob@${D}/r`, 'jabber:client', 'hello-a'],
    );
    assert.deepEqual([c.take(), bob.take()], [[], []]);
  });

  it('copies a sent message to the other enabled resources of the sender', async () => {
    const { kit, online } = await setUp();
    const a = await online(`carol@${D}/A`, { carbons: true });
    const b = await online(`carol@${D}/B`, { carbons: true });
    const c = await online(`carol@${D}/C`);
    const dave = await online(`dave@${D}/r`);
    await kit.send(a, chat(`dave@${D}`, 'hi-dave'));
    const [original] = dave.take();
    assert.equal(original?.attrs.from, `carol@${D}/A`);
    const [carbon] = b.take();
    assert.deepEqual([carbon?.attrs.from, carbon?.attrs.to], [`carol@${D}`, `carol@${D}/B`]);
    assert.ok(carbon?.getChild('sent', CARBONS));
    assert.deepEqual(
      [forwardedOf(carbon)?.attrs.to, forwardedOf(carbon)?.getChildText('body')],
      [`dave@${D}`, 'hi-dave'],
    );
    assert.deepEqual([a.take(), c.take()], [[], []]);
  });

  it('gives no copy to resources that got the original of a bare-JID message', async () => {
    const { kit, online } = await setUp();
    const a = await online(`erin@${D}/A`, { carbons: true });
    const b = await online(`erin@${D}/B`, { carbons: true });
    // Negative priority: bare-JID messages skip it (RFC 6121 §8.5.2.1.1), so it gets a copy.
    const low = await online(`erin@${D}/low`, { carbons: true, priority: -1 });
    const frank = await online(`frank@${D}/r`);
    await kit.send(frank, chat(`erin@${D}`, 'to-bare'));
    assert.deepEqual([bodies(a.take()), bodies(b.take())], [['to-bare'], ['to-bare']]);
    const [carbon] = low.take();
    assert.ok(carbon?.getChild('received', CARBONS));
    assert.equal(forwardedOf(carbon)?.getChildText('body'), 'to-bare');
  });

  it('stops copying after disable, and copies again once enabled (twice is no error)', async () => {
    const { kit, online, enable } = await setUp();
    const a = await online(`gina@${D}/A`, { carbons: true });
    const b = await online(`gina@${D}/B`, { carbons: true });
    const hank = await online(`hank@${D}/r`);
    for (const verb of ['disable', 'disable'] as const)
      assert.equal((await enable(b, verb)).attrs.type, 'result');
    b.take();
    await kit.send(hank, chat(`gina@${D}/A`, 'after-disable-in'));
    await kit.send(a, chat(`hank@${D}`, 'after-disable-out'));
    assert.deepEqual(b.take(), []);
    for (const verb of ['enable', 'enable'] as const)
      assert.equal((await enable(b, verb)).attrs.type, 'result');
    b.take();
    await kit.send(hank, chat(`gina@${D}/A`, 'enabled-again'));
    assert.deepEqual(bodies(b.take()), ['enabled-again']);
  });

  it("refuses to enable or disable carbons on someone else's account", async () => {
    const { online, enable } = await setUp();
    const bob = await online(`bob@${D}/refuse`);
    for (const verb of ['enable', 'disable'] as const) {
      const reply = await enable(bob, verb, `alice@${D}`);
      assert.equal(reply.attrs.type, 'error');
      assert.ok(reply.getChild('error')?.getChild('forbidden'), reply.toString());
    }
  });
});
