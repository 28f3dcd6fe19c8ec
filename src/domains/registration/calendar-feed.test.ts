import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeText, foldLine, renderCalendar } from './calendar-feed.js';

describe('iCalendar feed (RFC 5545)', () => {
  it('escapes text and folds long lines at 75 octets without splitting a character', () => {
    assert.equal(escapeText('a,b;c\\d\ne'), 'a\\,b\\;c\\\\d\\ne');
    const folded = foldLine(`SUMMARY:${'é'.repeat(60)}`);
    const lines = folded.split('\r\n');
    assert.ok(lines.length > 1);
    for (const line of lines) assert.ok(Buffer.byteLength(line, 'utf8') <= 75, line);
    assert.equal(
      lines.map((line, i) => (i === 0 ? line : line.slice(1))).join(''),
      `SUMMARY:${'é'.repeat(60)}`,
    );
  });

  it('writes all-day events with CRLF line ends', () => {
    const text = renderCalendar(
      [
        {
          uid: 'u1@imhost',
          day: '2027-03-01T10:00:00.000Z',
          summary: 'x.com expires',
          description: 'd',
          url: 'http://h/x',
        },
      ],
      '2026-01-15T10:00:00.000Z',
    );
    assert.match(
      text,
      /\r\nDTSTAMP:20260115T100000Z\r\nDTSTART;VALUE=DATE:20270301\r\nDTEND;VALUE=DATE:20270302\r\n/,
    );
    assert.ok(text.endsWith('END:VCALENDAR\r\n'));
    assert.doesNotMatch(text.replace(/\r\n/g, ''), /\n/);
  });
});
