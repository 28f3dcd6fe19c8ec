import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { headerName, headerText } from './header-text.js';

describe('mail header text', () => {
  it('turns runs of control characters into one space and keeps everything else', () => {
    assert.equal(headerText('Hello\r\nBcc: x@example.test'), 'Hello Bcc: x@example.test');
    assert.equal(headerText('a\u0000\u001b[1m\u0085b\tc'), 'a [1m b c');
    assert.equal(headerText('Grüße – [tkt_1] ✓'), 'Grüße – [tkt_1] ✓');
  });

  it('keeps only the characters a field name may have', () => {
    assert.equal(headerName('X-Kind\r\nBcc: x'), 'X-KindBccx');
    assert.equal(headerName('Reply-To'), 'Reply-To');
  });
});
