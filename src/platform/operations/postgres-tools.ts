/**
 * Running PostgreSQL's own client tools (pg_dump, pg_restore) on the configured database. The
 * password travels in PGPASSWORD, never on the command line, where `ps` would show it; the command
 * shown to an operator names the variable instead of the password.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../lib/errors.js';

export type PostgresTool = 'pg_dump' | 'pg_restore';

/** The tool's path on PATH, or undefined. */
export function findOnPath(tool: PostgresTool, pathVariable = process.env.PATH ?? ''): string | undefined {
  for (const dir of pathVariable.split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, tool);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

interface Connection {
  /** The database URL without its password. */
  url: string;
  password: string | undefined;
}

function connectionOf(databaseUrl: string): Connection {
  const url = new URL(databaseUrl);
  const password = url.password === '' ? undefined : decodeURIComponent(url.password);
  url.password = '';
  return { url: url.toString(), password };
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

export function dumpArgs(databaseUrl: string, file: string): string[] {
  return [
    '--format=custom',
    '--no-owner',
    '--no-acl',
    `--file=${file}`,
    `--dbname=${connectionOf(databaseUrl).url}`,
  ];
}

export function restoreArgs(databaseUrl: string, file: string): string[] {
  return ['--no-owner', '--no-acl', '--exit-on-error', `--dbname=${connectionOf(databaseUrl).url}`, file];
}

/** The exact shell command an operator runs by hand, with the password left to PGPASSWORD. */
export function commandLine(tool: PostgresTool, args: string[], databaseUrl: string): string {
  const needsPassword = connectionOf(databaseUrl).password !== undefined;
  return `${needsPassword ? 'PGPASSWORD=… ' : ''}${[tool, ...args].map(quote).join(' ')}`;
}

/** Runs the tool to completion; its error output becomes the error's message. */
export function runTool(
  tool: PostgresTool,
  executable: string,
  args: string[],
  databaseUrl: string,
): Promise<void> {
  const { password } = connectionOf(databaseUrl);
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, {
      env: { ...process.env, ...(password === undefined ? {} : { PGPASSWORD: password }) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) =>
      reject(new AppError('backup_tool_failed', { message: `${tool}: ${error.message}` })),
    );
    child.on('close', (code) => {
      if (code === 0) return resolve();
      reject(
        new AppError('backup_tool_failed', {
          message: `${tool} exited with ${code}: ${stderr.trim().slice(0, 2000)}`,
        }),
      );
    });
  });
}
