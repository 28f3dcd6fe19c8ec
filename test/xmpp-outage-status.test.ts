/**
 * XEP-0455 service outage status with a real client: @xmpp/client finds the status address in
 * its server's disco#info and reads the document there. It is empty while nothing is down, tells
 * an outage of every host while it is open, and never tells an outage of some hosts.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { signInStaff, signUpCustomer, type Actor } from './support/actors.js';
import { call } from './support/api-client.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';

const DOMAIN = 'sos.alpha.test';
const PASSWORD = 'correct horse battery';

for (const dialect of testDialects()) {
  describe(`XEP-0455 outage status read by @xmpp/client (${dialect})`, () => {
    let t: TestApp;
    let staff: Actor;
    let hostId: string;
    let c2sPort: number;
    let caFile: string;
    let origin: string;

    /** Runs the client; answers the addresses it found and the documents it read there. */
    function readStatus(): Promise<{ addresses: string[]; documents: unknown[] }> {
      const script = path.join(import.meta.dirname, 'xmpp', 'xmpp-client-outage-status-scenario.ts');
      const child = spawn(
        process.execPath,
        ['--no-warnings', '--import', 'tsx', script, `xmpp://127.0.0.1:${c2sPort}`, DOMAIN, PASSWORD, origin],
        { env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let output = '';
      child.stdout.on('data', (data: Buffer) => (output += data.toString()));
      child.stderr.on('data', (data: Buffer) => (output += data.toString()));
      return new Promise((resolve, reject) =>
        child.on('close', (code) => {
          if (code !== 0) return reject(new Error(`the client exited with ${code}: ${output}`));
          const lines = output.split('\n');
          resolve({
            addresses: lines.filter((l) => l.startsWith('ADDRESS ')).map((l) => l.slice(8)),
            documents: lines.filter((l) => l.startsWith('STATUS ')).map((l) => JSON.parse(l.slice(7))),
          });
        }),
      );
    }

    before(async () => {
      t = await startTestApp(dialect);
      ({ c2sPort } = await t.xmpp.start());
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      const owner = await signUpCustomer(t, { organization: 'Alpha' });
      staff = await signInStaff(t, 'support');
      hostId = (await call(t, owner, 'POST', '/hosts', { domain: DOMAIN })).json().id;
      await call(t, owner, 'POST', `/hosts/${hostId}/members`, { username: 'alice', password: PASSWORD });
      caFile = path.join(t.database.dataDir, 'ca.pem');
      writeFileSync(caFile, (await t.xmpp.certificates.ensure(DOMAIN)).certPem);
    });
    after(() => t.close());

    it('points the client at an empty document while nothing is down', async () => {
      const { addresses, documents } = await readStatus();
      assert.deepEqual(addresses, ['http://imhost.test/api/v1/status/outage']);
      assert.deepEqual(documents, [{}]);
    });

    it('keeps an outage of some hosts out of the shared document', async () => {
      const opened = await call(t, staff, 'POST', '/admin/incidents', {
        title: 'One host is slow',
        impact: 'minor',
        message: 'Looking into it.',
        hostIds: [hostId],
      });
      assert.equal(opened.statusCode, 201, opened.body);
      assert.deepEqual((await readStatus()).documents, [{}]);
    });

    it('tells the client of an outage of every host until it is resolved', async () => {
      t.clock.advance(60_000);
      const opened = await call(t, staff, 'POST', '/admin/incidents', {
        title: 'Messages are delayed',
        impact: 'major',
        message: 'A database node is down.',
        hostIds: null,
      });
      assert.equal(opened.statusCode, 201, opened.body);
      assert.deepEqual((await readStatus()).documents, [
        {
          planned: false,
          beginning: '2026-01-15T10:01:00.000Z',
          message: { en: 'Messages are delayed: A database node is down.' },
        },
      ]);
      const resolved = await call(t, staff, 'POST', `/admin/incidents/${opened.json().id}/updates`, {
        status: 'resolved',
        message: 'Back to normal.',
      });
      assert.equal(resolved.statusCode, 200, resolved.body);
      assert.deepEqual((await readStatus()).documents, [{}]);
    });
  });
}
