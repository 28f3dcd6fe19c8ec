import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const cliEntry = fileURLToPath(new URL('../src/bin/imhost.ts', import.meta.url));
const withAllocator = fileURLToPath(new URL('../bin/with-allocator', import.meta.url));

interface Running {
  child: ChildProcessWithoutNullStreams;
  baseUrl: string;
  c2sPort: number;
  stdout: string;
}

/** Opens an XMPP stream to the c2s port and returns what the server answers first. */
function openStream(port: number, domain: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('error', reject);
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (received.includes('</stream:features>') || received.includes('</stream:stream>')) {
        socket.destroy();
        resolve(received);
      }
    });
    socket.write(
      `<?xml version='1.0'?><stream:stream to='${domain}' version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>`,
    );
  });
}

/**
 * Starts the real `imhost start` on an empty data dir, through the launcher that bin/imhost uses
 * (it picks the C allocator), and waits for its "running" line.
 */
function startImhost(dataDir: string): Promise<Running> {
  const child = spawn(withAllocator, [process.execPath, '--import', 'tsx', cliEntry, 'start'], {
    env: {
      ...process.env,
      IMHOST_DATA_DIR: dataDir,
      IMHOST_BIND: '127.0.0.1',
      IMHOST_HTTP_PORT: '0',
      IMHOST_C2S_PORT: '0',
      IMHOST_C2S_TLS_PORT: '0',
      IMHOST_LOG_LEVEL: 'warn',
      IMHOST_STAFF_2FA: 'optional',
      IMHOST_DATABASE_URL: '',
    },
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = stdout.match(/listening on (http:\/\/127\.0\.0\.1:\d+).*XMPP clients on port (\d+)/s);
      if (match) resolve({ child, baseUrl: match[1]!, c2sPort: Number(match[2]), stdout });
    });
    child.on('exit', (code) =>
      reject(new Error(`imhost exited with ${code} before it was ready: ${stdout} ${stderr}`)),
    );
  });
}

function stop(running: Running): Promise<number | null> {
  return new Promise((resolve) => {
    running.child.removeAllListeners('exit');
    running.child.on('exit', (code) => resolve(code));
    running.child.kill('SIGTERM');
  });
}

describe('first run of imhost start', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'imhost-first-run-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates the database, prints a one-time setup link, and the link creates the first admin', async () => {
    const first = await startImhost(dataDir);
    try {
      const link = first.stdout.match(/\/setup\?token=([\w%-]+)/);
      assert.ok(link, `a setup link is printed: ${first.stdout}`);
      const token = decodeURIComponent(link[1]!);

      assert.equal((await fetch(`${first.baseUrl}/healthz`)).status, 200);
      const maps = readFileSync(`/proc/${first.child.pid}/maps`, 'utf8');
      assert.match(maps, /libtcmalloc/, 'the launcher runs imhost on TCMalloc when it is installed');
      assert.equal((await fetch(`${first.baseUrl}/readyz`)).status, 200);
      assert.deepEqual(await (await fetch(`${first.baseUrl}/api/v1/setup`)).json(), { needed: true });

      const wrong = await fetch(`${first.baseUrl}/api/v1/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          token: 'not-the-token',
          email: 'admin@example.test',
          password: 'admin pass 2026!',
          name: 'Admin',
        }),
      });
      assert.equal(wrong.status, 410, 'a wrong token is refused');

      const created = await fetch(`${first.baseUrl}/api/v1/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          token,
          email: 'admin@example.test',
          password: 'admin pass 2026!',
          name: 'Admin',
        }),
      });
      assert.ok(created.status === 200 || created.status === 201, `setup answered ${created.status}`);

      const reused = await fetch(`${first.baseUrl}/api/v1/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          token,
          email: 'other@example.test',
          password: 'other pass 2026!',
          name: 'Other',
        }),
      });
      assert.equal(reused.status, 409, 'the link works once');
    } finally {
      assert.equal(await stop(first), 0, 'SIGTERM stops imhost cleanly');
    }

    const second = await startImhost(dataDir);
    try {
      assert.doesNotMatch(second.stdout, /setup\?token=/, 'no link once an administrator exists');
      const login = await fetch(`${second.baseUrl}/api/v1/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@example.test', password: 'admin pass 2026!' }),
      });
      assert.equal(login.status, 200);

      // The same process serves XMPP: an unknown domain is refused, as RFC 6120 says.
      assert.match(await openStream(second.c2sPort, 'unknown.example.test'), /<host-unknown/);
    } finally {
      await stop(second);
    }
  });
});
