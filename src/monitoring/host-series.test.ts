import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyLatencyHistogram, recordLatency } from '../lib/host-activity.js';
import {
  DAY_MS,
  emptyFigures,
  HOUR_MS,
  MINUTE_MS,
  rangeSpan,
  retentionCutoffs,
  rollUpHours,
  seriesPoints,
  type SeriesRow,
} from './host-series.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');

function row(overrides: Partial<SeriesRow> & { atMs: number; latencySamples?: number[] }): SeriesRow {
  const latency = emptyLatencyHistogram();
  for (const ms of overrides.latencySamples ?? []) recordLatency(latency, ms);
  const { latencySamples: _samples, ...rest } = overrides;
  return { hostId: 'host_a', nodeId: 'node-1', ...emptyFigures(), latency, ...rest };
}

const logins = (ok: number, wrongPassword = 0) => ({
  ok,
  wrong_password: wrongPassword,
  disabled: 0,
  suspended: 0,
  throttled: 0,
});

describe('minute to hour rollup', () => {
  it('adds counters, keeps the peak of gauges and the latest stored bytes, per host and node', () => {
    const hours = rollUpHours([
      row({
        atMs: T0 + 2 * MINUTE_MS,
        sessions: 3,
        activeMembers: 2,
        messages: 5,
        logins: logins(1, 2),
        uploadBytes: 900,
        latencySamples: [3],
      }),
      row({
        atMs: T0,
        sessions: 7,
        activeMembers: 1,
        messages: 1,
        logins: logins(4),
        uploadBytes: 100,
        latencySamples: [700],
      }),
      row({ atMs: T0 + 59 * MINUTE_MS, sessions: 1, activeMembers: 5, messages: 2, uploadBytes: null }),
      row({ atMs: T0 + HOUR_MS, messages: 40 }),
      row({ atMs: T0 + MINUTE_MS, nodeId: 'node-2', messages: 9 }),
    ]);
    assert.equal(hours.length, 3);
    const first = hours.find((hour) => hour.atMs === T0 && hour.nodeId === 'node-1')!;
    assert.equal(first.messages, 8);
    assert.deepEqual(first.logins, logins(5, 2));
    assert.equal(first.sessions, 7);
    assert.equal(first.activeMembers, 5);
    // Minutes are taken in time order: the 10:02 measurement is the hour's latest, not 10:00's.
    assert.equal(first.uploadBytes, 900);
    assert.equal(
      first.latency.reduce((a, b) => a + b, 0),
      2,
    );
    assert.equal(hours.find((hour) => hour.nodeId === 'node-2')!.messages, 9);
    assert.equal(hours.find((hour) => hour.atMs === T0 + HOUR_MS)!.messages, 40);
  });
});

describe('chart points', () => {
  const span = { fromMs: T0, toMs: T0 + 30 * MINUTE_MS, stepMs: 10 * MINUTE_MS };

  it('adds nodes up per period before taking the peak over time, and fills quiet steps', () => {
    const { points, total } = seriesPoints(
      [
        row({ atMs: T0, sessions: 4, messages: 2, uploadBytes: 500 }),
        row({ atMs: T0, nodeId: 'node-2', sessions: 5, messages: 3, uploadBytes: 500 }),
        row({ atMs: T0 + MINUTE_MS, sessions: 6, messages: 1 }),
        row({
          atMs: T0 + 25 * MINUTE_MS,
          sessions: 1,
          messages: 7,
          uploadBytes: 800,
          latencySamples: [4, 4, 4, 150],
        }),
        // Outside the range: ignored.
        row({ atMs: T0 - MINUTE_MS, messages: 1000 }),
        row({ atMs: T0 + 30 * MINUTE_MS, messages: 1000 }),
      ],
      span,
    );
    assert.deepEqual(
      points.map((point) => [point.atMs - T0, point.sessions, point.messages, point.uploadBytes]),
      [
        // Two nodes at 10:00 make 9 sessions, more than node-1's 6 alone at 10:01.
        [0, 9, 6, 500],
        // Nothing measured: stored bytes carry forward.
        [10 * MINUTE_MS, 0, 0, 500],
        [20 * MINUTE_MS, 1, 7, 800],
      ],
    );
    assert.equal(points[0]!.latencyP50Ms, null);
    assert.equal(points[2]!.latencyP50Ms, 5);
    assert.equal(points[2]!.latencyP99Ms, 200);
    assert.equal(total.messages, 13);
    assert.equal(total.sessions, 9);
    assert.equal(total.uploadBytes, 800);
  });

  it('gives each range its table and step, ending after the current step', () => {
    const now = T0 + 37 * MINUTE_MS;
    const day = rangeSpan('24h', now);
    assert.equal(day.table, 'minutes');
    assert.equal(day.toMs, T0 + 40 * MINUTE_MS);
    assert.equal(day.toMs - day.fromMs, DAY_MS);
    assert.equal((day.toMs - day.fromMs) / day.stepMs, 144);
    const week = rangeSpan('7d', now);
    assert.equal(week.table, 'hours');
    assert.equal(week.toMs, T0 + HOUR_MS);
    assert.equal((week.toMs - week.fromMs) / week.stepMs, 168);
    const month = rangeSpan('30d', now);
    assert.equal(month.table, 'hours');
    assert.equal((month.toMs - month.fromMs) / month.stepMs, 180);
  });
});

describe('retention', () => {
  it('keeps minutes 48 hours, hours 90 days and login attempts 30 days, measured on the clock', () => {
    const now = Date.parse('2026-06-01T12:00:00Z');
    const cutoffs = retentionCutoffs(now);
    assert.equal(cutoffs.minutes.toISOString(), '2026-05-30T12:00:00.000Z');
    assert.equal(cutoffs.hours.toISOString(), '2026-03-03T12:00:00.000Z');
    assert.equal(cutoffs.loginAttempts.toISOString(), '2026-05-02T12:00:00.000Z');
  });
});
