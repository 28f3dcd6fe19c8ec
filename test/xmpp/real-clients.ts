/**
 * What the tests with real XMPP clients share: a server whose host has alice and bob, the host's
 * certificate in a file the clients trust, and a child process that runs one client script from
 * this directory and reports its exit code and output.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import type { Dialect } from '../../src/platform/db/index.js';
import { startXmppTestServer, type XmppTestServer } from './server-harness.js';

export const CLIENT_PASSWORD = 'correct horse battery';

export interface ClientRun {
  code: number | null;
  output: string;
}

function runClient(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<ClientRun> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/**
 * An @xmpp/client scenario (`script service domain password`). The client trusts certificates only
 * through NODE_EXTRA_CA_CERTS, and its WebSocket transport needs --experimental-websocket on Node 20.
 */
export function runXmppJs(
  script: string,
  service: string,
  domain: string,
  caFile: string,
): Promise<ClientRun> {
  const args = ['--experimental-websocket', '--no-warnings', '--import', 'tsx'];
  return runClient(
    process.execPath,
    [...args, path.join(import.meta.dirname, script), service, domain, CLIENT_PASSWORD],
    { ...process.env, NODE_EXTRA_CA_CERTS: caFile },
  );
}

/** A slixmpp script (Debian's python3-slixmpp): `script port domain password ca-file`. */
export function runSlixmpp(
  script: string,
  c2sPort: number,
  domain: string,
  caFile: string,
): Promise<ClientRun> {
  const args = [path.join(import.meta.dirname, script), String(c2sPort), domain, CLIENT_PASSWORD, caFile];
  return runClient('/usr/bin/python3', args, process.env);
}

/** A slixmpp script that runs beside a test (a browser's counterpart), told when to finish. */
export interface LiveClient {
  /** The first whole line of its output that starts with `prefix`; fails when it ends or is silent too long. */
  line(prefix: string, timeoutMs?: number): Promise<string>;
  /** Closes its standard input, which such a script takes as its cue to finish, and waits for its end. */
  finish(): Promise<ClientRun>;
  /** Ends it at once if it still runs (after a failed test). */
  kill(): void;
}

/** A long-running slixmpp script: `script port domain password ca-file ...more`. */
export function startSlixmpp(
  script: string,
  c2sPort: number,
  domain: string,
  caFile: string,
  more: readonly string[] = [],
): LiveClient {
  const args = [path.join(import.meta.dirname, script), String(c2sPort), domain, CLIENT_PASSWORD, caFile];
  const child = spawn('/usr/bin/python3', [...args, ...more], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let hasEnded = false;
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((listener) => listener());
  child.stdout.on('data', (d: Buffer) => ((output += d.toString()), changed()));
  child.stderr.on('data', (d: Buffer) => ((output += d.toString()), changed()));
  const ended = new Promise<ClientRun>((resolve) =>
    child.on('close', (code) => {
      hasEnded = true;
      resolve({ code, output });
      changed();
    }),
  );
  return {
    line(prefix, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const stop = () => {
          clearTimeout(deadline);
          listeners.delete(look);
        };
        const look = () => {
          const found = output
            .split('\n')
            .slice(0, -1)
            .find((line) => line.startsWith(prefix));
          if (found !== undefined) resolve(found);
          else if (hasEnded) reject(new Error(`${script} ended before saying "${prefix}":\n${output}`));
          else return;
          stop();
        };
        const deadline = setTimeout(() => {
          stop();
          reject(new Error(`${script} did not say "${prefix}" within ${timeoutMs} ms:\n${output}`));
        }, timeoutMs);
        listeners.add(look);
        look();
      });
    },
    finish() {
      child.stdin.end();
      return ended;
    },
    kill() {
      if (!hasEnded) child.kill();
    },
  };
}

export interface ClientServer {
  server: XmppTestServer;
  /** The host's certificate, for the clients to trust. */
  caFile: string;
}

/** For one describe block: a server hosting `domain` with alice and bob, started before its tests. */
export function serveAliceAndBob(dialect: Dialect, domain: string): ClientServer {
  const served = {} as ClientServer;
  before(async () => {
    served.server = await startXmppTestServer(dialect);
    await served.server.addHost(domain);
    for (const user of ['alice', 'bob']) await served.server.addMember(domain, user, CLIENT_PASSWORD);
    served.caFile = path.join(served.server.app.database.dataDir, 'ca.pem');
    writeFileSync(served.caFile, await served.server.certificatePem(domain));
  });
  after(() => served.server.close());
  return served;
}
