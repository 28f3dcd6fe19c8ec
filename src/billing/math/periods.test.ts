import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatLocalDate, localDateOf } from '../../lib/time-zone.js';
import { addMonthsClamped, parseLocalDate, startOfLocalDay } from './calendar.js';
import { CYCLES, periodAt, periodContaining, type Anchor } from './periods.js';

function localStarts(anchor: Anchor, cycle: (typeof CYCLES)[number], count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    formatLocalDate(localDateOf(periodAt(anchor, cycle, i).start, anchor.timeZone)),
  );
}

describe('billing periods', () => {
  it('follows the month-end rule from the original anchor: Jan 31 → Feb 29 → Mar 31 → Apr 30', () => {
    const anchor: Anchor = { date: parseLocalDate('2028-01-31'), timeZone: 'UTC' };
    assert.deepEqual(localStarts(anchor, 'monthly', 5), [
      '2028-01-31',
      '2028-02-29',
      '2028-03-31',
      '2028-04-30',
      '2028-05-31',
    ]);
    const nonLeap: Anchor = { date: parseLocalDate('2027-01-31'), timeZone: 'UTC' };
    assert.equal(localStarts(nonLeap, 'monthly', 2)[1], '2027-02-28');
  });

  it('handles quarterly and annual cycles, and a Feb 29 anchor', () => {
    const anchor: Anchor = { date: parseLocalDate('2028-02-29'), timeZone: 'UTC' };
    assert.deepEqual(localStarts(anchor, 'annual', 3), ['2028-02-29', '2029-02-28', '2030-02-28']);
    assert.deepEqual(localStarts(anchor, 'annual', 5)[4], '2032-02-29');
    const q: Anchor = { date: parseLocalDate('2026-11-30'), timeZone: 'UTC' };
    assert.deepEqual(localStarts(q, 'quarterly', 3), ['2026-11-30', '2027-02-28', '2027-05-30']);
  });

  it('starts periods at local midnight in the customer time zone, across DST', () => {
    const anchor: Anchor = { date: parseLocalDate('2026-03-01'), timeZone: 'Europe/Berlin' };
    assert.equal(periodAt(anchor, 'monthly', 0).start.toISOString(), '2026-02-28T23:00:00.000Z');
    // Berlin switched to summer time on 29 March 2026.
    assert.equal(periodAt(anchor, 'monthly', 1).start.toISOString(), '2026-03-31T22:00:00.000Z');
    const ny: Anchor = { date: parseLocalDate('2026-10-15'), timeZone: 'America/New_York' };
    assert.equal(periodAt(ny, 'monthly', 1).start.toISOString(), '2026-11-15T05:00:00.000Z');
  });

  it('finds the start of a day that has no midnight', () => {
    // Santiago moves its clocks at 24:00 → 01:00 in early September.
    const start = startOfLocalDay(parseLocalDate('2026-09-06'), 'America/Santiago');
    assert.equal(formatLocalDate(localDateOf(start, 'America/Santiago')), '2026-09-06');
    assert.equal(
      formatLocalDate(localDateOf(new Date(start.getTime() - 1), 'America/Santiago')),
      '2026-09-05',
    );
  });

  it('never drifts: period n is anchor + n intervals, clamped', () => {
    const anchor = parseLocalDate('2026-08-31');
    assert.deepEqual(addMonthsClamped(anchor, 6), parseLocalDate('2027-02-28'));
    assert.deepEqual(addMonthsClamped(anchor, 7), parseLocalDate('2027-03-31'));
  });

  it('tiles: consecutive periods meet with no gap and no overlap, and every instant has exactly one period', () => {
    const zones = [
      'UTC',
      'Europe/Berlin',
      'America/New_York',
      'Australia/Sydney',
      'Asia/Kolkata',
      'America/Santiago',
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 1990, max: 2060 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        fc.constantFrom(...zones),
        fc.constantFrom(...CYCLES),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 10 ** 9 }),
        (year, month, rawDay, timeZone, cycle, index, offsetSeconds) => {
          const day = Math.min(rawDay, new Date(Date.UTC(year, month, 0)).getUTCDate());
          const anchor: Anchor = { date: { year, month, day }, timeZone };
          const period = periodAt(anchor, cycle, index);
          const next = periodAt(anchor, cycle, index + 1);
          assert.ok(period.start < period.end);
          assert.equal(period.end.getTime(), next.start.getTime());
          const instant = new Date(periodAt(anchor, cycle, 0).start.getTime() + offsetSeconds * 1000);
          const containing = periodContaining(anchor, cycle, instant);
          assert.ok(containing.start <= instant && instant < containing.end);
        },
      ),
      { numRuns: 300 },
    );
  });
});
