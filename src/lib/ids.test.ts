import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newId, newSecret } from './ids.js';

describe('ids', () => {
  it('carry their type prefix and sort by creation time', () => {
    const early = newId('host', Date.UTC(2026, 0, 1));
    const late = newId('host', Date.UTC(2026, 0, 2));
    assert.match(early, /^host_[0-9a-z]{26}$/);
    assert.ok(early < late);
  });

  it('are unique for the same millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newId('mem', 0)));
    assert.equal(ids.size, 1000);
  });

  it('secrets are URL-safe and long', () => {
    assert.match(newSecret(), /^[A-Za-z0-9_-]{43}$/);
  });
});
