import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeFrame, FrameReader } from './epp-frames.js';

describe('EPP framing (RFC 5734)', () => {
  it('prefixes the total length and reads frames split and joined anyhow', () => {
    const one = encodeFrame('<epp>é</epp>');
    assert.equal(one.readUInt32BE(0), one.length);
    const two = encodeFrame('<epp/>');
    const bytes = Buffer.concat([one, two]);
    const reader = new FrameReader();
    const got: string[] = [];
    for (let i = 0; i < bytes.length; i += 3) got.push(...reader.push(bytes.subarray(i, i + 3)));
    assert.deepEqual(got, ['<epp>é</epp>', '<epp/>']);
  });

  it('refuses a length shorter than its own header', () => {
    const reader = new FrameReader();
    assert.throws(() => reader.push(Buffer.from([0, 0, 0, 2])), /out of bounds/);
  });
});
