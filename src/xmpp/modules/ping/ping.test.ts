/**
 * XEP-0199 with the module test kit: the server answers pings, and pings each session on the
 * simulated clock, closing one that does not answer in time.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createModuleKit, type KitSession } from '../../../../test/xmpp/module-kit.js';
import { xml, type Element } from '../../stanza/index.js';
import { pingModule } from './module.js';

const PING = 'urn:xmpp:ping';
const isServerPing = (stanza: Element) => stanza.name === 'iq' && stanza.getChild('ping', PING) !== undefined;

/** Answers the server's pings a session received, as a live client does. */
async function answerPings(kit: ReturnType<typeof createModuleKit>, session: KitSession): Promise<number> {
  const pings = session.take().filter(isServerPing);
  for (const ping of pings)
    await kit.send(session, xml('iq', { type: 'result', id: String(ping.attrs.id), to: 'example.test' }));
  await kit.settle();
  return pings.length;
}

describe('XEP-0199 ping', () => {
  it('answers a ping to the server and to an account', async () => {
    const kit = createModuleKit({ modules: [pingModule] });
    const alice = await kit.connect('alice@example.test/phone');
    for (const to of ['example.test', 'alice@example.test']) {
      const reply = await kit.iq(alice, `<ping xmlns='${PING}'/>`, { to });
      assert.deepEqual([reply.attrs.type, reply.children.length], ['result', 0], to);
    }
  });

  it('keeps a session that answers its pings and closes one that does not', async () => {
    const kit = createModuleKit({
      modules: [pingModule],
      options: { ping: { intervalMs: 60_000, timeoutMs: 10_000 } },
    });
    const alive = await kit.connect('alice@example.test/alive');
    const dead = await kit.connect('alice@example.test/dead');

    kit.clock.advance(59_999);
    assert.equal(dead.take().filter(isServerPing).length, 0, 'not before the interval');
    kit.clock.advance(1);
    assert.equal(await answerPings(kit, alive), 1);
    assert.equal(dead.take().filter(isServerPing).length, 1);

    kit.clock.advance(10_000);
    await kit.settle();
    assert.equal(dead.isClosed, true);
    assert.equal(dead.closedWith?.condition, 'connection-timeout');
    assert.equal(alive.isClosed, false);

    // The answered ping schedules the next one.
    kit.clock.advance(60_000);
    assert.equal(await answerPings(kit, alive), 1);
    assert.deepEqual(kit.core.sessions.resourcesOf(alive.jid), [alive]);
    await kit.close();
  });
});
