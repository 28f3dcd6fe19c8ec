/**
 * Structured logs: pino, one JSON object per line, level from `IMHOST_LOG_LEVEL`.
 *
 * Secrets are redacted by key name wherever a request body, header set or config object is logged,
 * at the top level and up to three levels deep (pino's redaction has no "any depth" wildcard).
 * Log timestamps are wall-clock time on purpose: they say when the process did something, even while
 * the business clock is simulated.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import type { PlatformConfig } from './platform-options.js';

const secretKeys = [
  'password',
  'newPassword',
  'currentPassword',
  'password_hash',
  'passwordHash',
  'token',
  'secret',
  'totp',
  'totpCode',
  'totp_secret',
  'totpSecret',
  'code',
  'authorization',
  'cookie',
  '"set-cookie"',
  'smtpUrl',
  'databaseUrl',
  'stripeSecretKey',
  'stripeWebhookSecret',
];

function bracketed(key: string): string {
  return key.startsWith('"') ? `[${key}]` : `.${key}`;
}

export const redactedPaths: string[] = secretKeys.flatMap((key) => [
  key.startsWith('"') ? `[${key}]` : key,
  `*${bracketed(key)}`,
  `*.*${bracketed(key)}`,
  `*.*.*${bracketed(key)}`,
]);

export function createLogger(
  config: Pick<PlatformConfig, 'logLevel'>,
  destination?: DestinationStream,
): Logger {
  const options = {
    level: config.logLevel,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
