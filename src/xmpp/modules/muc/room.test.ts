import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { xml } from '../../stanza/index.js';
import { applyConfigForm, DEFAULT_CONFIG, parseJoin } from './muc-codec.js';
import { Room } from './room.js';

const host = {
  id: 'host_1',
  domain: 'example.test',
  status: 'active',
  statusReason: null,
  customerId: 'cus_1',
} as const;

function room(config = {}) {
  return new Room(
    'room_1',
    host,
    'lounge',
    'lounge@conference.example.test',
    { ...DEFAULT_CONFIG, ...config },
    '',
    '',
    new Map([['alice@example.test', { affiliation: 'owner' as const, nick: null, reason: null }]]),
    '2026-01-01T00:00:00.000Z',
    '2026-01-01T00:00:00.000Z',
  );
}

const message = (body: string) => xml('message', { type: 'groupchat' }, xml('body', {}, body));

describe('a room', () => {
  it('selects history by count, characters, age and date (§7.2.13)', () => {
    const r = room({ historyLength: 3 });
    for (const [i, body] of ['a', 'bbbb', 'cc', 'ddd'].entries())
      r.remember(message(body), `2026-01-01T00:0${i}:00.000Z`, body.length);
    const bodies = (h: ReturnType<Room['historyFor']>) => h.map((e) => e.stanza.getChildText('body'));
    assert.deepEqual(
      bodies(r.historyFor({}, new Date('2026-01-01T00:10:00Z'))),
      ['bbbb', 'cc', 'ddd'],
      'the room keeps 3',
    );
    assert.deepEqual(bodies(r.historyFor({ maxStanzas: 1 }, new Date())), ['ddd']);
    assert.deepEqual(bodies(r.historyFor({ maxStanzas: 0 }, new Date())), []);
    assert.deepEqual(bodies(r.historyFor({ maxChars: 5 }, new Date())), ['cc', 'ddd']);
    assert.deepEqual(bodies(r.historyFor({ seconds: 90 }, new Date('2026-01-01T00:04:00Z'))), ['ddd']);
    assert.deepEqual(bodies(r.historyFor({ since: '2026-01-01T00:01:30.000Z' }, new Date())), ['cc', 'ddd']);
  });

  it('refuses entry with the error XEP-0045 gives, in its order', () => {
    const r = room({ isMembersOnly: true, password: 'sesame' });
    r.affiliations.set('eve@example.test', { affiliation: 'outcast', nick: null, reason: null });
    r.affiliations.set('bob@example.test', { affiliation: 'member', nick: 'Bobby', reason: null });
    const join = (password?: string) => ({ ...(password && { password }), history: {} });
    assert.equal(r.refusalOf('eve@example.test', 'Eve', join('sesame'), null)?.condition, 'forbidden');
    assert.equal(r.refusalOf('carol@example.test', 'Bobby', join('sesame'), null)?.condition, 'conflict');
    assert.equal(
      r.refusalOf('carol@example.test', 'Carol', join('sesame'), null)?.condition,
      'registration-required',
    );
    assert.equal(r.refusalOf('bob@example.test', 'Bobby', join('wrong'), null)?.condition, 'not-authorized');
    assert.equal(
      r.refusalOf('bob@example.test', 'Bobby', join('sesame'), 0)?.condition,
      'service-unavailable',
    );
    assert.equal(r.refusalOf('bob@example.test', 'Bobby', join('sesame'), null), undefined);
    assert.equal(
      r.refusalOf('alice@example.test', 'Alice', join(), null),
      undefined,
      'owners need no password',
    );
  });

  it('gives roles by affiliation, visitors in moderated rooms', () => {
    const r = room({ isModerated: true });
    assert.equal(r.defaultRole('owner'), 'moderator');
    assert.equal(r.defaultRole('member'), 'participant');
    assert.equal(r.defaultRole('none'), 'visitor');
    assert.equal(room().defaultRole('none'), 'participant');
  });

  it('keeps occupant ids stable per real JID, and different per room', () => {
    const r = room();
    assert.equal(r.occupantIdOf('bob@example.test'), r.occupantIdOf('bob@example.test'));
    assert.notEqual(r.occupantIdOf('bob@example.test'), r.occupantIdOf('carol@example.test'));
    assert.ok(!r.occupantIdOf('bob@example.test').includes('bob'));
  });
});

describe('the room codec', () => {
  it('applies a configuration form and refuses a password-protected room without a password', () => {
    const form = (fields: Record<string, string>) =>
      xml(
        'x',
        { xmlns: 'jabber:x:data', type: 'submit' },
        ...Object.entries(fields).map(([name, value]) =>
          xml('field', { var: name }, xml('value', {}, value)),
        ),
      );
    const config = applyConfigForm(
      DEFAULT_CONFIG,
      form({ 'muc#roomconfig_persistentroom': '1', 'muc#roomconfig_maxusers': '30' }),
    );
    assert.equal(config.isPersistent, true);
    assert.equal(config.maxUsers, 30);
    assert.throws(
      () => applyConfigForm(DEFAULT_CONFIG, form({ 'muc#roomconfig_passwordprotectedroom': '1' })),
      {
        condition: 'not-acceptable',
      },
    );
    assert.throws(() => applyConfigForm(DEFAULT_CONFIG, form({ 'muc#roomconfig_publicroom': 'maybe' })), {
      condition: 'not-acceptable',
    });
  });

  it('reads the password and history of a join', () => {
    const presence = xml(
      'presence',
      {},
      xml(
        'x',
        { xmlns: 'http://jabber.org/protocol/muc' },
        xml('password', {}, 'pw'),
        xml('history', { maxstanzas: '5', since: '2026-01-01T00:00:00Z' }),
      ),
    );
    assert.deepEqual(parseJoin(presence), {
      password: 'pw',
      history: { maxStanzas: 5, maxChars: undefined, seconds: undefined, since: '2026-01-01T00:00:00.000Z' },
    });
    assert.equal(parseJoin(xml('presence')), undefined);
  });
});
