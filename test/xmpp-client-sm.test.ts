/**
 * @xmpp/client resuming a XEP-0198 session after its connection drops, over STARTTLS and WebSocket
 * (test/xmpp/xmpp-client-sm-scenario.ts). It runs in a child process, as test/xmpp-client.test.ts
 * explains.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { testDialects } from './support/databases.js';
import { startXmppTestServer, type XmppTestServer } from './xmpp/server-harness.js';

const DOMAIN = 'js-sm.example.test';
const PASSWORD = 'correct horse battery';
const SCRIPT = path.join(import.meta.dirname, 'xmpp', 'xmpp-client-sm-scenario.ts');

function runScenario(service: string, caFile: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--experimental-websocket', '--no-warnings', '--import', 'tsx', SCRIPT, service, DOMAIN, PASSWORD],
      {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

for (const dialect of testDialects()) {
  describe(`@xmpp/client resuming a session (${dialect})`, () => {
    let server: XmppTestServer;
    let caFile: string;

    before(async () => {
      server = await startXmppTestServer(dialect);
      await server.addHost(DOMAIN);
      await server.addMember(DOMAIN, 'alice', PASSWORD);
      await server.addMember(DOMAIN, 'bob', PASSWORD);
      caFile = path.join(server.app.database.dataDir, 'ca.pem');
      writeFileSync(caFile, await server.certificatePem(DOMAIN));
    });
    after(() => server.close());

    it('resumes over STARTTLS', async () => {
      const { code, output } = await runScenario(`xmpp://127.0.0.1:${server.c2sPort}`, caFile);
      assert.equal(code, 0, output);
    });

    it('resumes over WebSocket', async () => {
      const { code, output } = await runScenario(`ws://127.0.0.1:${server.httpPort}/xmpp-websocket`, caFile);
      assert.equal(code, 0, output);
    });
  });
}
