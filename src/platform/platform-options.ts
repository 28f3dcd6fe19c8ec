import path from 'node:path';
import { ConfigValueError, type ConfigArea, type Parser } from './config.js';
import { oneOf, optionalUrl, port, positiveInt, boolean, string, url } from './config-parsers.js';

/** The options of the program as a whole: where its data lives, how it listens, mails and logs. */
export interface PlatformConfig {
  dataDir: string;
  databaseUrl: string | undefined;
  bind: string;
  httpPort: number;
  publicUrl: string;
  clock: 'system' | 'simulated';
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  maxBodyBytes: number;
  trustProxy: boolean;
  releaseFeedUrl: string | undefined;
  backupBeforeMigrate: boolean;
}

const databaseUrl: Parser<string | undefined> = (raw) => {
  if (raw.trim() === '') return undefined;
  if (!/^(postgres|postgresql|sqlite):/.test(raw))
    throw new ConfigValueError(
      'must start with postgres:// (or sqlite:PATH); leave unset for the embedded SQLite file',
    );
  return raw;
};
const smtpUrl: Parser<string | undefined> = (raw) => {
  if (raw.trim() === '') return undefined;
  if (!/^smtps?:\/\//.test(raw)) throw new ConfigValueError('must start with smtp:// or smtps://');
  return raw;
};

export const platformConfig: ConfigArea<PlatformConfig> = {
  options: [
    {
      key: 'dataDir',
      env: 'IMHOST_DATA_DIR',
      description: 'Where the SQLite file, certificates and uploads live.',
      defaultValue: './data',
      parse: string,
    },
    {
      key: 'databaseUrl',
      env: 'IMHOST_DATABASE_URL',
      description: 'Unset: the SQLite file `<data dir>/imhost.sqlite`. `postgres://…`: PostgreSQL.',
      defaultValue: undefined,
      parse: databaseUrl,
    },
    {
      key: 'bind',
      env: 'IMHOST_BIND',
      description: 'The address every listener binds to.',
      defaultValue: '0.0.0.0',
      parse: string,
    },
    {
      key: 'httpPort',
      env: 'IMHOST_HTTP_PORT',
      description: 'Dashboard, REST API, WebSocket and metrics port.',
      defaultValue: 8080,
      parse: port,
    },
    {
      key: 'publicUrl',
      env: 'IMHOST_PUBLIC_URL',
      description: 'The URL users reach the dashboard at; used in emailed links.',
      defaultValue: (c) => `http://localhost:${c.httpPort ?? 8080}`,
      parse: url,
    },
    {
      key: 'clock',
      env: 'IMHOST_CLOCK',
      description: '`system`, or `simulated` (staff move it with POST /api/v1/admin/clock).',
      defaultValue: 'system',
      parse: oneOf('system', 'simulated'),
    },
    {
      key: 'smtpUrl',
      env: 'IMHOST_SMTP_URL',
      description:
        'Send mail through this SMTP server (`smtp://user:pass@host:port`). Unset: mail stays in the outbox.',
      defaultValue: undefined,
      parse: smtpUrl,
    },
    {
      key: 'mailFrom',
      env: 'IMHOST_MAIL_FROM',
      description: 'The From address of outgoing mail.',
      defaultValue: 'imhost <noreply@localhost>',
      parse: string,
    },
    {
      key: 'logLevel',
      env: 'IMHOST_LOG_LEVEL',
      description: 'pino log level.',
      defaultValue: 'info',
      parse: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'),
    },
    {
      key: 'maxBodyBytes',
      env: 'IMHOST_MAX_BODY_BYTES',
      description: 'Largest accepted JSON request body, in bytes.',
      defaultValue: 1_048_576,
      parse: positiveInt,
    },
    {
      key: 'trustProxy',
      env: 'IMHOST_TRUST_PROXY',
      description: 'Trust X-Forwarded-* headers (behind a reverse proxy).',
      defaultValue: false,
      parse: boolean,
    },
    {
      key: 'releaseFeedUrl',
      env: 'IMHOST_RELEASE_FEED_URL',
      description:
        'A JSON release feed (format in [docs/operations.md](docs/operations.md#release-feed)), checked daily and on demand; staff see when a newer imhost is out, with its release notes. Unset: no checks.',
      defaultValue: undefined,
      parse: optionalUrl,
    },
    {
      key: 'backupBeforeMigrate',
      env: 'IMHOST_BACKUP_BEFORE_MIGRATE',
      description:
        'Back up an existing database and the data directory (to `<data dir>/backups/`) before applying pending migrations. `imhost migrate --no-backup` and `imhost start --no-backup` skip it once.',
      defaultValue: true,
      parse: boolean,
    },
  ],
  finish(config) {
    config.dataDir = path.resolve(config.dataDir);
  },
};
