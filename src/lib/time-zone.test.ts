import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDayIn, formatMinuteIn } from './time-zone.js';

describe('formatDayIn', () => {
  it('gives the calendar day in the time zone, not in UTC', () => {
    assert.equal(formatDayIn('2026-12-07T02:30:00Z', 'America/New_York'), '2026-12-06');
    assert.equal(formatDayIn('2026-12-07T16:30:00Z', 'Asia/Tokyo'), '2026-12-08');
    assert.equal(formatDayIn('2026-12-07T16:30:00Z', 'UTC'), '2026-12-07');
    // Local midnight, as billing periods start, is that day itself on either side of a DST change.
    assert.equal(formatDayIn('2026-03-28T23:00:00Z', 'Europe/Berlin'), '2026-03-29');
    assert.equal(formatDayIn('2026-03-29T22:00:00Z', 'Europe/Berlin'), '2026-03-30');
  });
});

describe('formatMinuteIn', () => {
  it('gives the local time to the minute and names the zone', () => {
    assert.equal(formatMinuteIn('2026-01-15T18:05:59Z', 'Asia/Tokyo'), '2026-01-16 03:05 (Asia/Tokyo)');
    assert.equal(formatMinuteIn('2026-07-01T12:00:00Z', 'Europe/Berlin'), '2026-07-01 14:00 (Europe/Berlin)');
  });
});
