import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMetrics } from './metrics.js';

describe('metrics', () => {
  it('renders default process metrics and HTTP request metrics in Prometheus text', async () => {
    const metrics = createMetrics();
    metrics.observeHttpRequest({ method: 'GET', route: '/healthz', status: 200 }, 0.002);
    const text = await metrics.render();
    assert.match(metrics.contentType, /^text\/plain/);
    assert.match(text, /^process_cpu_user_seconds_total /m);
    assert.match(text, /^imhost_http_requests_total\{method="GET",route="\/healthz",status="200"\} 1$/m);
    assert.match(
      text,
      /^imhost_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} 1$/m,
    );
  });

  it('returns the same counter when one is declared twice, and refuses a clash of types', async () => {
    const metrics = createMetrics();
    const spec = { name: 'imhost_test_things_total', help: 'Things.', labelNames: ['kind'] as const };
    const first = metrics.counter(spec);
    const second = metrics.counter(spec);
    assert.equal(first, second);
    first.inc({ kind: 'a' });
    second.inc({ kind: 'a' });
    assert.match(await metrics.render(), /^imhost_test_things_total\{kind="a"\} 2$/m);
    assert.throws(() => metrics.gauge({ name: 'imhost_test_things_total', help: 'Things.' }), /another type/);
  });

  it('keeps separate instances apart', async () => {
    const one = createMetrics();
    const two = createMetrics();
    one.gauge({ name: 'imhost_test_level', help: 'Level.' }).set(7);
    two.gauge({ name: 'imhost_test_level', help: 'Level.' }).set(3);
    assert.match(await one.render(), /^imhost_test_level 7$/m);
    assert.match(await two.render(), /^imhost_test_level 3$/m);
  });
});
