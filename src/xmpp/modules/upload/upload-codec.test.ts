import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StanzaError, xml } from '../../stanza/index.js';
import { parseSlotRequest, UPLOAD } from './upload-codec.js';

const requestWith = (attrs: Record<string, string>) => xml('request', { xmlns: UPLOAD, ...attrs });

describe('XEP-0363 slot request codec', () => {
  it('reads filename, size and an optional content type', () => {
    assert.deepEqual(
      parseSlotRequest(
        requestWith({ filename: 'très cool.jpg', size: '23456', 'content-type': 'image/jpeg' }),
      ),
      { filename: 'très cool.jpg', size: 23456, contentType: 'image/jpeg' },
    );
    assert.deepEqual(parseSlotRequest(requestWith({ filename: 'notes.txt', size: '1' })), {
      filename: 'notes.txt',
      size: 1,
      contentType: null,
    });
    assert.equal(
      parseSlotRequest(
        requestWith({ filename: 'a.txt', size: '3', 'content-type': 'text/plain; charset="utf-8"' }),
      ).contentType,
      'text/plain; charset="utf-8"',
    );
  });

  it('refuses what cannot become a URL segment or a Content-Type header with bad-request', () => {
    const malformed: Record<string, string>[] = [
      { size: '10' },
      { filename: 'a.txt' },
      { filename: 'a.txt', size: '0' },
      { filename: 'a.txt', size: '1e3' },
      { filename: 'a.txt', size: '9999999999999999' },
      { filename: 'dir/a.txt', size: '10' },
      { filename: 'dir\\a.txt', size: '10' },
      { filename: '..', size: '10' },
      { filename: 'line\nbreak', size: '10' },
      { filename: 'é'.repeat(128), size: '10' },
      { filename: 'a.txt', size: '10', 'content-type': 'image' },
      { filename: 'a.txt', size: '10', 'content-type': 'image/png\r\nX-Evil: 1' },
    ];
    for (const attrs of malformed) {
      assert.throws(
        () => parseSlotRequest(requestWith(attrs)),
        (error: unknown) => error instanceof StanzaError && error.condition === 'bad-request',
        JSON.stringify(attrs),
      );
    }
  });
});
