/**
 * @xmpp/client from npm over the three transports: STARTTLS (5222), direct TLS (XEP-0368) and
 * WebSocket (RFC 7395). It runs in a child process: the client trusts certificates only through
 * NODE_EXTRA_CA_CERTS, and its WebSocket transport needs --experimental-websocket on Node 20.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { testDialects } from './support/databases.js';
import { startXmppTestServer, type XmppTestServer } from './xmpp/server-harness.js';

const DOMAIN = 'js.example.test';
const PASSWORD = 'correct horse battery';
const SCRIPT = path.join(import.meta.dirname, 'xmpp', 'xmpp-client-scenario.ts');

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
  describe(`@xmpp/client over every transport (${dialect})`, () => {
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

    it('logs in and chats over STARTTLS', async () => {
      const { code, output } = await runScenario(`xmpp://127.0.0.1:${server.c2sPort}`, caFile);
      assert.equal(code, 0, output);
    });

    it('logs in and chats over direct TLS', async () => {
      const { code, output } = await runScenario(`xmpps://${DOMAIN}:${server.c2sTlsPort}`, caFile);
      assert.equal(code, 0, output);
    });

    it('logs in and chats over WebSocket', async () => {
      const { code, output } = await runScenario(`ws://127.0.0.1:${server.httpPort}/xmpp-websocket`, caFile);
      assert.equal(code, 0, output);
    });
  });
}
