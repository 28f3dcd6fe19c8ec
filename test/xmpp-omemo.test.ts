/**
 * An OMEMO-shaped flow with @xmpp/client (npm): see test/xmpp/omemo-scenario.ts. It runs in a child
 * process, which trusts the host's certificate through NODE_EXTRA_CA_CERTS.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { testDialects } from './support/databases.js';
import { startXmppTestServer, type XmppTestServer } from './xmpp/server-harness.js';

const DOMAIN = 'omemo.example.test';
const PASSWORD = 'correct horse battery';
const SCRIPT = path.join(import.meta.dirname, 'xmpp', 'omemo-scenario.ts');

function runScenario(service: string, caFile: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--no-warnings', '--import', 'tsx', SCRIPT, service, DOMAIN, PASSWORD],
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
  describe(`OMEMO-shaped key exchange with @xmpp/client (${dialect})`, () => {
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

    it('publishes device lists and bundles with access_model open, and each reads the other', async () => {
      const { code, output } = await runScenario(`xmpp://127.0.0.1:${server.c2sPort}`, caFile);
      assert.equal(code, 0, output);
      assert.match(output, /ok: each read the other device list and bundle/);
    });
  });
}
