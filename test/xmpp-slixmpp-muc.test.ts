/** slixmpp's group chat and archive plugins against our server: see test/xmpp/slixmpp-muc-scenario.py. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { testDialects } from './support/databases.js';
import { startXmppTestServer, type XmppTestServer } from './xmpp/server-harness.js';

const DOMAIN = 'slimuc.example.test';
const PASSWORD = 'correct horse battery';
const SCRIPT = path.join(import.meta.dirname, 'xmpp', 'slixmpp-muc-scenario.py');

function runPython(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('/usr/bin/python3', [SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

for (const dialect of testDialects()) {
  describe(`slixmpp in a room (${dialect})`, () => {
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

    it('creates and configures a room, talks, gets history and reads the room archive', async () => {
      const { code, output } = await runPython([String(server.c2sPort), DOMAIN, PASSWORD, caFile]);
      assert.equal(code, 0, output);
      assert.match(output, /ok: bob read the room's archive/);
      assert.match(output, /ok: done/);
    });
  });
}
