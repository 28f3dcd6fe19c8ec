import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cliEntry = fileURLToPath(new URL('../../src/bin/imhost.ts', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json: { ok: boolean; error?: { code: string; message?: string }; [key: string]: unknown };
}

/**
 * Runs the real CLI in its own process with `--json`, as an operator would: configured by the
 * IMHOST_* variables in `env` (over this process's environment), answering on its last stdout line.
 */
export function runImhost(env: Record<string, string>, args: string[], stdin?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cliEntry, ...args, '--json'], {
      env: { ...process.env, IMHOST_LOG_LEVEL: 'silent', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      let json: CliResult['json'];
      try {
        json = JSON.parse(line) as CliResult['json'];
      } catch {
        return reject(new Error(`not JSON: ${stdout} ${stderr}`));
      }
      resolve({ code: code ?? -1, stdout, stderr, json });
    });
    child.stdin.end(stdin ?? '');
  });
}
