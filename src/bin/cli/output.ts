import { AppError, type ErrorKind } from '../../lib/errors.js';
import { ConfigError } from '../../platform/config.js';

/**
 * Exit codes follow sysexits(3), so scripts can tell a typo from a clash from a crash:
 * 0 ok · 64 usage · 65 invalid data · 67 not found · 69 unavailable · 70 internal · 71 OS error ·
 * 73 already exists / conflicts / cannot create · 74 I/O error · 78 configuration.
 */
export const EXIT = {
  ok: 0,
  usage: 64,
  invalid: 65,
  notFound: 67,
  unavailable: 69,
  internal: 70,
  osError: 71,
  conflict: 73,
  cantCreate: 73,
  ioError: 74,
  config: 78,
} as const;

const exitByKind: Partial<Record<ErrorKind, number>> = {
  invalid: EXIT.invalid,
  not_found: EXIT.notFound,
  conflict: EXIT.conflict,
  gone: EXIT.conflict,
  forbidden: EXIT.invalid,
  unavailable: EXIT.unavailable,
};

export class UsageError extends Error {}

export interface Output {
  json: boolean;
  /** A command's result: human text, or the data as one JSON object with `ok: true`. */
  result(data: Record<string, unknown>, human: string): void;
  info(line: string): void;
}

export function createOutput(json: boolean): Output {
  return {
    json,
    result(data, human) {
      process.stdout.write(json ? `${JSON.stringify({ ok: true, ...data })}\n` : `${human}\n`);
    },
    info(line) {
      if (!json) process.stdout.write(`${line}\n`);
    },
  };
}

export function reportFailure(error: unknown, json: boolean): number {
  let code: string;
  let message: string;
  let exit: number;
  if (error instanceof UsageError) {
    [code, message, exit] = ['usage', error.message, EXIT.usage];
  } else if (error instanceof ConfigError) {
    [code, message, exit] = ['config_invalid', error.message, EXIT.config];
  } else if (error instanceof AppError) {
    [code, message, exit] = [error.code, error.message, exitByKind[error.kind] ?? EXIT.internal];
  } else {
    [code, message, exit] = [
      'internal_error',
      error instanceof Error ? error.message : String(error),
      EXIT.internal,
    ];
  }
  if (json) process.stdout.write(`${JSON.stringify({ ok: false, error: { code, message } })}\n`);
  else process.stderr.write(`imhost: ${message}${code === 'usage' ? '\n\n' + usage : ''}\n`);
  return exit;
}

export const usage = `Usage: imhost <command> [options]

Commands:
  start [--no-backup]                     run the server (HTTP, XMPP, jobs); SIGTERM drains it
  migrate [--no-backup]                   apply database migrations, backing up first when any are
                                          pending on an existing database
  backup [--to FILE]                      archive the database and the data directory (default
                                          <data dir>/backups/imhost-<time>.tar.gz)
  restore FILE [--force]                  put a backup back (stop imhost first); --force replaces a
                                          database or data directory that is not empty
  upgrade --check                         list pending migrations and run the pre-checks; the exit
                                          code names the first that failed (69 database, 73 data
                                          directory, 74 disk space, 71 Node.js version)
  doctor                                  check configuration, database, ports, each host's
                                          certificates and DNS, disk space, clock and the release
                                          feed; the exit code names the first check that failed
                                          (1 configuration, 2 database, 3 ports, 4 certificates,
                                          5 DNS, 6 disk space, 7 clock, 8 release feed)
  staff add EMAIL --password P [--role admin|support|billing] [--name N]
  host add DOMAIN --customer EMAIL [--plan PLAN [--cycle monthly|quarterly|annual] [--currency EUR]]
                                          create an IM host for the customer of that user; with
                                          --plan (code or id) on that plan, its first invoice charged
                                          to the customer's card unless the plan has a trial
  member add USER@DOMAIN [--password P] [--name DISPLAY]
  member passwd USER@DOMAIN [--password P]
                                          without --password a strong one is generated and printed;
                                          --password - reads it from standard input

Options:
  --json                                  machine-readable output
  --help                                  this text

Configuration comes from IMHOST_* environment variables (see the README).`;
