import assert from 'node:assert/strict';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { countDelimiters, multipartBoundary } from './multipart-delimiters.js';

const body = Buffer.from(
  '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n' +
    '--xyz\r\nContent-Disposition: form-data; name="b"\r\n\r\n--xy\r\n' +
    '--xyz--\r\n',
);

async function count(chunks: Buffer[]): Promise<number> {
  const stream = Readable.from(chunks, { objectMode: false });
  const delimiters = countDelimiters(stream, 'xyz');
  await once(stream, 'end');
  return delimiters();
}

describe('multipart delimiters', () => {
  it('counts every delimiter, the first line and the closing one included, however the body is cut', async () => {
    for (let cut = 0; cut <= body.length; cut++)
      assert.equal(await count([body.subarray(0, cut), body.subarray(cut)]), 3, `cut at ${cut}`);
    assert.equal(await count([...body].map((byte) => Buffer.from([byte]))), 3, 'byte by byte');
  });

  it('reads the boundary as RFC 2046 allows it, and nothing else', () => {
    assert.equal(multipartBoundary('multipart/form-data; boundary=abc'), 'abc');
    assert.equal(multipartBoundary('multipart/form-data; boundary="a b:c"'), 'a b:c');
    assert.equal(multipartBoundary('multipart/form-data'), null);
    assert.equal(multipartBoundary('multipart/form-data; boundary='), null);
    assert.equal(multipartBoundary(`multipart/form-data; boundary=${'b'.repeat(71)}`), null);
    assert.equal(multipartBoundary('not a media type'), null);
    assert.equal(multipartBoundary(undefined), null);
  });
});
