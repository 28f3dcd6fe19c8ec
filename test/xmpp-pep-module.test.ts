/**
 * The pep module on the module kit (in-memory core, simulated clock) with a real database: how it
 * learns +notify from caps (one disco#info per new hash, none after a timeout is cached), and whom
 * it notifies. Socket-level behaviour and the other accounts are in test/xmpp-pep.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pepModule } from '../src/xmpp/modules/pep/module.js';
import { capsHash, parseStoredElement, type Element } from '../src/xmpp/stanza/index.js';
import { createTestDatabase, testDialects, type TestDatabase } from './support/databases.js';
import { createModuleKit, registeredModule, type KitSession, type ModuleKit } from './xmpp/module-kit.js';

const DISCO = 'http://jabber.org/protocol/disco#info';
const NODE = 'urn:example:tune';

function caps(features: string[]) {
  const query = `<query xmlns='${DISCO}'><identity category='client' type='phone'/>${features.map((f) => `<feature var='${f}'/>`).join('')}</query>`;
  return { query, ver: capsHash(parseStoredElement(query)!, 'sha-1')! };
}

const isCapsQuery = (e: Element) =>
  e.name === 'iq' && e.attrs.type === 'get' && e.getChild('query', DISCO) !== undefined;
const isEvent = (e: Element) => e.name === 'message' && e.getChild('event') !== undefined;

for (const dialect of testDialects()) {
  describe(`pep module on the kit (${dialect})`, () => {
    let database: TestDatabase;
    let kit: ModuleKit;

    before(async () => {
      database = await createTestDatabase(dialect);
      const at = '2026-01-01T00:00:00.000Z';
      await database.db
        .insertInto('customers')
        .values({
          id: 'cus_kit',
          name: 'Kit',
          timezone: 'UTC',
          status: 'active',
          created_at: at,
          updated_at: at,
        })
        .execute();
      await database.db
        .insertInto('hosts')
        .values({
          id: 'host_1',
          customer_id: 'cus_kit',
          domain: 'example.test',
          status: 'active',
          status_reason: null,
          created_at: at,
          updated_at: at,
        })
        .execute();
      // Notifications are routed as messages, which the message module delivers.
      kit = createModuleKit({
        modules: [pepModule, registeredModule('message')],
        db: database.db,
        options: { pep: { capsTimeoutMs: 5_000 } },
      });
    });
    after(async () => {
      await kit.close();
      await database.close();
    });

    /**
     * Resolves once `condition` holds, checking after each turn of the event loop (no timers); a
     * condition that never holds fails after many turns instead of spinning on.
     */
    async function until(condition: () => boolean, what: string): Promise<void> {
      for (let turn = 0; !condition(); turn++) {
        if (turn > 20_000) assert.fail(`never: ${what}`);
        await kit.settle();
      }
    }

    async function presenceWithCaps(session: KitSession, ver: string) {
      await kit.send(
        session,
        `<presence><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://kit.test' ver='${ver}'/></presence>`,
      );
    }

    async function answer(session: KitSession, query: Element, result: string) {
      await kit.send(
        session,
        `<iq type='result' id='${String(query.attrs.id)}' to='example.test'>${result.replace(/^<query /, `<query node='${String(query.getChild('query')!.attrs.node)}' `)}</iq>`,
      );
    }

    const publish = (session: KitSession, id: string) =>
      kit.iq(
        session,
        `<pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='${NODE}'><item id='${id}'><tune xmlns='${NODE}'/></item></publish></pubsub>`,
        { type: 'set' },
      );
    const events = (session: KitSession) => session.received.filter(isEvent).length;
    const questions = (session: KitSession) => session.received.filter(isCapsQuery);

    it('asks one session about a new caps hash, and no one after it', async () => {
      const wanted = caps([`${NODE}+notify`]);
      const first = await kit.connect('alice@example.test/first', { presence: '<presence/>' });
      const second = await kit.connect('alice@example.test/second', { presence: '<presence/>' });
      const plain = await kit.connect('alice@example.test/plain', { presence: '<presence/>' });
      await presenceWithCaps(first, wanted.ver);
      await presenceWithCaps(second, wanted.ver);
      await until(
        () => questions(first).length + questions(second).length > 0,
        'the server asks about the hash',
      );
      const [asked] = [...questions(first), ...questions(second)];
      await answer(questions(first).length ? first : second, asked!, wanted.query);

      const third = await kit.connect('alice@example.test/third', { presence: '<presence/>' });
      await presenceWithCaps(third, wanted.ver);
      await publish(first, 'song');
      await until(() => events(third) === 1, 'the third session is notified');
      for (const session of [first, second])
        assert.equal(events(session), 1, `${session.jid.resource} has +notify`);
      assert.equal(
        questions(first).length + questions(second).length,
        1,
        'two sessions with one hash: one question',
      );
      assert.equal(questions(third).length, 0, 'a known hash is not asked again');
      assert.equal(events(plain), 0, 'a session without +notify is not told');
    });

    it('asks again after a client let the question time out', async () => {
      const wanted = caps([`${NODE}+notify`, 'urn:example:other']);
      const slow = await kit.connect('bob@example.test/slow', { presence: '<presence/>' });
      await presenceWithCaps(slow, wanted.ver);
      await until(() => questions(slow).length === 1, 'the slow client is asked');
      kit.clock.advance(5_000);

      const next = await kit.connect('bob@example.test/next', { presence: '<presence/>' });
      await presenceWithCaps(next, wanted.ver);
      await until(() => questions(next).length === 1, 'the next client is asked');
      await answer(next, questions(next)[0]!, wanted.query);
      await publish(next, 'x');
      await until(() => events(next) === 1, 'the next client is notified');
      assert.equal(events(slow), 0, 'the silent client never said it wants it');
    });
  });
}
