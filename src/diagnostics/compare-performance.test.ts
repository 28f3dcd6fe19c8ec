import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { comparePerformance } from './compare-performance.js';

describe("performance against the host's own normal", () => {
  const week = { messages: 5000, p50Ms: 4, p99Ms: 20 };
  it('calls a day like the week normal, with both figures in words', () => {
    const result = comparePerformance(3, { messages: 800, p50Ms: 4, p99Ms: 25 }, week);
    assert.equal(result.status, 'normal');
    assert.match(result.summary, /^This check's ping took 3 ms\. /);
    assert.match(
      result.summary,
      /4 ms \(median\) and 25 ms \(slowest 1%\); over the last 7 days, 4 ms and 20 ms/,
    );
  });
  it('calls a day slower once its p99 is twice the week and 50 ms more', () => {
    assert.equal(comparePerformance(null, { messages: 800, p50Ms: 9, p99Ms: 69 }, week).status, 'normal');
    const slower = comparePerformance(null, { messages: 800, p50Ms: 9, p99Ms: 70 }, week);
    assert.equal(slower.status, 'slower');
    assert.match(slower.summary, /slower than this host's normal/);
    // A tiny normal is not "slower" for a few milliseconds more.
    const tiny = { messages: 5000, p50Ms: 1, p99Ms: 2 };
    assert.equal(comparePerformance(null, { messages: 800, p50Ms: 1, p99Ms: 30 }, tiny).status, 'normal');
  });
  it('says nothing of a day with too few messages', () => {
    const result = comparePerformance(5, { messages: 3, p50Ms: 400, p99Ms: 900 }, week);
    assert.equal(result.status, 'unknown');
    assert.match(result.summary, /Too few messages in the last 24 hours \(3\)/);
    assert.equal(result.messagesLastDay, 3);
  });
});
