import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stripQuotedText } from './strip-quoted-text.js';

describe('stripQuotedText', () => {
  it('cuts at the "On … wrote:" attribution', () => {
    const mail =
      'Thanks, that fixed it.\n\nOn Mon, 12 Jan 2026 at 10:00, Support <support@help.example> wrote:\n> Please restart the client.\n> Regards';
    assert.equal(stripQuotedText(mail), 'Thanks, that fixed it.');
  });

  it('handles an attribution wrapped over two lines and CRLF line ends', () => {
    const mail =
      'Still broken.\r\n\r\nOn Mon, 12 Jan 2026 at 10:00, Support\r\n<support@help.example> wrote:\r\n> old';
    assert.equal(stripQuotedText(mail), 'Still broken.');
  });

  it('cuts Outlook-style original messages and signatures', () => {
    assert.equal(stripQuotedText('Yes.\n\n-----Original Message-----\nFrom: x'), 'Yes.');
    assert.equal(stripQuotedText('Yes.\n\nFrom: Support <s@h.example>\nSent: Monday\nSubject: x'), 'Yes.');
    assert.equal(stripQuotedText('Done.\n-- \nAlice\nACME Corp'), 'Done.');
  });

  it('drops interleaved quote lines but keeps text without quotes as it is', () => {
    assert.equal(stripQuotedText('> question?\nanswer'), 'answer');
    assert.equal(stripQuotedText('Just text\nover two lines'), 'Just text\nover two lines');
  });
});
