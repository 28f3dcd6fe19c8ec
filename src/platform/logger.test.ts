import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { loadOptions } from './config.js';
import { createLogger } from './logger.js';
import { platformConfig } from './platform-options.js';

function capture(level = 'info'): {
  logger: ReturnType<typeof createLogger>;
  lines: () => Record<string, unknown>[];
} {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const config = loadOptions(platformConfig.options, { IMHOST_LOG_LEVEL: level });
  const logger = createLogger(config, stream);
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  it('writes one JSON object per line with an ISO time', () => {
    const { logger, lines } = capture();
    logger.info({ hostId: 'host_1' }, 'created');
    const [line] = lines();
    assert.equal(line?.msg, 'created');
    assert.equal(line?.hostId, 'host_1');
    assert.match(String(line?.time), /^\d{4}-\d\d-\d\dT/);
  });

  it('redacts secrets at the top level, in bodies and in headers', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        password: 'top-secret-1',
        body: { newPassword: 'top-secret-2', currentPassword: 'top-secret-3', totp: '123456', name: 'Ann' },
        req: { headers: { authorization: 'Bearer top-secret-4', cookie: 'imhost_session=top-secret-5' } },
        res: { headers: { 'set-cookie': 'imhost_session=top-secret-6' } },
        user: { credentials: { token: 'top-secret-7' } },
        config: { smtpUrl: 'smtp://u:top-secret-8@mail' },
      },
      'request',
    );
    const text = JSON.stringify(lines());
    assert.doesNotMatch(text, /top-secret/);
    assert.match(text, /"name":"Ann"/);
    assert.match(text, /\[redacted\]/);
  });

  it('follows the configured level', () => {
    const { logger, lines } = capture('warn');
    logger.info('hidden');
    logger.warn('shown');
    assert.deepEqual(
      lines().map((l) => l.msg),
      ['shown'],
    );
  });
});
