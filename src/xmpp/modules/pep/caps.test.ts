import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { xml, type Element } from '../../stanza/index.js';
import { COMPLEX, SIMPLE } from '../../stanza/entity-caps.examples.js';
import type { Session } from '../../core/index.js';
import { CapsCache, notifyNodes } from './caps.js';
import type { CapsRepository } from './caps.repository.js';

describe('+notify', () => {
  it('reads the +notify features as node names', () => {
    assert.deepEqual(
      [
        ...notifyNodes([
          'urn:xmpp:avatar:metadata+notify',
          'urn:xmpp:avatar:metadata',
          'eu.siacs.conversations.axolotl.devicelist+notify',
        ]),
      ],
      ['urn:xmpp:avatar:metadata', 'eu.siacs.conversations.axolotl.devicelist'],
    );
  });
});

describe('the caps cache', () => {
  function memoryRepository(): CapsRepository & { saved: Map<string, readonly string[]> } {
    const saved = new Map<string, readonly string[]>();
    return {
      saved,
      find: async (ver) => saved.get(ver) as string[] | undefined,
      save: async (ver, features) => void saved.set(ver, features),
    };
  }
  const session = { id: 'sess_1' } as Session;
  const claim = { node: 'https://exodus.test', ver: 'QgayPKawpkPSDYmwT/WM94uAlu0=', hash: 'sha-1' };
  const answer = (query: Element) => xml('iq', { type: 'result' }, query);

  it('asks one client once per hash, however many show it at the same time, and keeps the answer', async () => {
    const repository = memoryRepository();
    let asked = 0;
    const cache = new CapsCache(
      repository,
      async (_session, query) => {
        asked++;
        assert.equal(query.attrs.node, `${claim.node}#${claim.ver}`);
        return answer(SIMPLE);
      },
      () => '2026-01-01T00:00:00.000Z',
    );
    const [first, second] = await Promise.all([
      cache.features(session, claim),
      cache.features(session, claim),
    ]);
    assert.deepEqual(first, second);
    assert.ok(first?.includes('http://jabber.org/protocol/muc'));
    await cache.features(session, claim);
    assert.equal(asked, 1);
    assert.ok(repository.saved.has(`sha-1:${claim.ver}`), 'kept in the database');

    const restarted = new CapsCache(
      repository,
      async () => assert.fail('a stored hash is not asked'),
      () => '',
    );
    assert.deepEqual(await restarted.features(session, claim), first);
  });

  it('believes an answer that does not match its hash for that client only', async () => {
    const repository = memoryRepository();
    let asked = 0;
    const cache = new CapsCache(
      repository,
      async () => {
        asked++;
        return answer(COMPLEX);
      },
      () => '',
    );
    const features = await cache.features(session, claim);
    assert.ok(features?.includes('http://jabber.org/protocol/caps'));
    await cache.features(session, claim);
    assert.equal(asked, 2, 'a mismatching answer is not cached');
    assert.equal(repository.saved.size, 0);
  });
});
