import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  emptyLatencyHistogram,
  LATENCY_BUCKET_BOUNDS_MS,
  latencyPercentile,
  mergeLatency,
  recordLatency,
} from './host-activity.js';

function histogramOf(samples: number[]): number[] {
  const histogram = emptyLatencyHistogram();
  for (const ms of samples) recordLatency(histogram, ms);
  return histogram;
}

describe('delivery latency histogram', () => {
  it('puts a sample in the first bucket whose bound holds it, and the slowest past the last bound', () => {
    const histogram = histogramOf([0.2, 1, 1.5, 5, 5.1, 99_999]);
    assert.equal(histogram.length, LATENCY_BUCKET_BOUNDS_MS.length + 1);
    assert.deepEqual(histogram.slice(0, 5), [2, 1, 1, 1, 0]);
    assert.equal(histogram.at(-1), 1);
  });

  it('reads p50 and p99 off the counts as the upper bound of the bucket that holds the rank', () => {
    // 98 fast deliveries, one of 40 ms and one of 300 ms: the median is fast, p99 the 40 ms one.
    const samples = [...new Array<number>(98).fill(0.5), 40, 300];
    const histogram = histogramOf(samples);
    assert.equal(latencyPercentile(histogram, 0.5), 1);
    assert.equal(latencyPercentile(histogram, 0.99), 50);
    assert.equal(latencyPercentile(histogram, 1), 500);
  });

  it('has no percentile without samples, and twice the last bound for the unbounded bucket', () => {
    assert.equal(latencyPercentile(emptyLatencyHistogram(), 0.5), null);
    assert.equal(latencyPercentile(histogramOf([60_000]), 0.5), 10_000);
  });

  it('merges by adding counts, so percentiles over merged minutes match those over all samples', () => {
    const first = [3, 3, 3, 700];
    const second = [15, 15, 2500, 2500, 2500];
    const merged = mergeLatency(histogramOf(first), histogramOf(second));
    const together = histogramOf([...first, ...second]);
    assert.deepEqual(merged, together);
    assert.equal(latencyPercentile(merged, 0.5), 20);
    assert.equal(latencyPercentile(merged, 0.99), 5000);
  });
});
