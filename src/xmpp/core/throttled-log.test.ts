import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimulatedClock } from '../../lib/clock.js';
import type { XmppLogger } from './ports.js';
import { ThrottledLog } from './throttled-log.js';

function recording() {
  const lines: { level: string; fields: object; msg: string }[] = [];
  const at =
    (level: string) =>
    (fields: object, msg = '') =>
      lines.push({ level, fields, msg });
  const logger: XmppLogger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { lines, logger };
}

describe('ThrottledLog', () => {
  it('logs a burst of one kind, then counts the rest and reports them once the bucket refills', () => {
    const clock = new SimulatedClock(0);
    const { lines, logger } = recording();
    const log = new ThrottledLog(logger, clock, { burst: 3, refillMs: 60_000 });
    for (let i = 0; i < 10; i++) log.info({ i }, 'bad frame');
    assert.deepEqual(
      lines.map((l) => l.fields),
      [{ i: 0 }, { i: 1 }, { i: 2 }],
    );
    clock.advance(59_999);
    assert.equal(lines.length, 3);
    clock.advance(1);
    assert.deepEqual(lines[3], { level: 'info', fields: { suppressed: 7 }, msg: 'bad frame' });
    log.info({ i: 10 }, 'bad frame');
    assert.deepEqual(lines[4]!.fields, { i: 10 });
  });

  it('gives each kind its own bucket', () => {
    const clock = new SimulatedClock(0);
    const { lines, logger } = recording();
    const log = new ThrottledLog(logger, clock, { burst: 1, refillMs: 1_000 });
    log.warn({}, 'a');
    log.warn({}, 'a');
    log.error({}, 'b');
    assert.deepEqual(
      lines.map((l) => `${l.level} ${l.msg}`),
      ['warn a', 'error b'],
    );
  });

  it('refills at the configured rate, whatever the flood in between', () => {
    const clock = new SimulatedClock(0);
    const { lines, logger } = recording();
    const log = new ThrottledLog(logger, clock, { burst: 2, refillMs: 1_000 });
    for (let second = 0; second < 10; second++) {
      for (let i = 0; i < 100; i++) log.info({}, 'flood');
      clock.advance(1_000);
    }
    const logged = lines.filter((l) => !('suppressed' in l.fields)).length;
    const reported = lines.reduce(
      (sum, l) => sum + ((l.fields as { suppressed?: number }).suppressed ?? 0),
      0,
    );
    assert.equal(logged, 20);
    assert.equal(logged + reported, 1_000);
  });
});
