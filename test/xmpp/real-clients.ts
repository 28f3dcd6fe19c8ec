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
