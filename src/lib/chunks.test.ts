import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chunks } from './chunks.js';

test('chunks cuts a list into slices of at most the size, in order', () => {
  assert.deepEqual(chunks([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
  assert.deepEqual(chunks([], 2), []);
  assert.equal(chunks(Array.from({ length: 1001 }, (_, i) => i)).length, 3);
});
