import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoredMessage } from './archive.repository.js';
import { PackedRows } from './packed-rows.js';

const received: StoredMessage = {
  id: 'mam_1',
  to_host_id: 'host_1',
  to_username: 'ann',
  from_host_id: null,
  from_username: null,
  from_bare: 'ben@club.example',
  from_full: 'ben@club.example/phone',
  to_bare: 'ann@club.example',
  to_full: 'ann@club.example',
  stanza: "<message type='chat'><body>x</body></message>",
  created_at: '2026-11-26T10:00:00.000Z',
};

describe('packed archive rows', () => {
  it('gives back each row as it was queued, nulls included, a slice at a time', () => {
    const sent: StoredMessage = {
      ...received,
      id: 'mam_2',
      to_host_id: null,
      to_username: null,
      from_host_id: 'host_1',
      from_username: 'ann',
      // Whatever the stanza holds, even what separates the other columns.
      stanza: '<message><body>a\u0000b\u0000</body></message>',
    };
    const rows = new PackedRows();
    rows.push(received);
    rows.push(sent);
    assert.equal(rows.length, 2);
    assert.deepEqual(rows.slice(0, 2), [received, sent]);
    assert.deepEqual(rows.slice(1, 2), [sent]);
  });
});
