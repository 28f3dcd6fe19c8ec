/**
 * A graceful drain: on stop, XMPP sessions finish what they had sent and are told where to go
 * (`<see-other-host/>` to another node, or `<system-shutdown/>`), nothing they sent is lost
 * (offline storage, the archive's write batch), and the job scheduler hands back its leases.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import WebSocket from 'ws';
import { composeServices } from '../src/bin/compose.js';
import { SimulatedClock } from '../src/lib/clock.js';
import { loadConfig } from '../src/bin/config.js';
import { JobScheduler, monotonicIdSource } from '../src/platform/index.js';
import { createTestDatabase, testDialects, type TestDatabase } from './support/databases.js';
import { loginRaw, RawClient, request, streamHeader } from './xmpp/raw-client.js';
import { startXmppTestServer, type XmppTestServer } from './xmpp/server-harness.js';

const DOMAIN = 'drain.example.test';
const OTHER_NODE = 'node2.example.test:5222';
const PASSWORD = 'drain test password';
const MESSAGES = 20;
const STREAMS = 'urn:ietf:params:xml:ns:xmpp-streams';

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((res) => (resolve = res));
  return { promise, resolve };
}

/** A WebSocket client that has opened its stream; `text` is everything it received. */
async function openWebSocket(
  port: number,
): Promise<{ socket: WebSocket; text: () => string; closed: Promise<void> }> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/xmpp-websocket`, 'xmpp');
  let received = '';
  const features = deferred();
  socket.on('message', (data: Buffer) => {
    received += data.toString();
    if (received.includes('features')) features.resolve();
  });
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(`<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='${DOMAIN}' version='1.0'/>`);
  await features.promise;
  return { socket, text: () => received, closed };
}

for (const dialect of testDialects()) {
  describe(`graceful drain on ${dialect}`, () => {
    let server: XmppTestServer;
    let alice: RawClient;

    before(async () => {
      server = await startXmppTestServer(dialect, {
        env: {
          IMHOST_DRAIN_SEE_OTHER_HOST: OTHER_NODE,
          // The archive's write batch waits as long as it may, so it is still in memory at stop.
          IMHOST_XMPP_MODULES: JSON.stringify({ mam: { writeDelayMs: 1000 } }),
        },
      });
      await server.addHost(DOMAIN);
      await server.addMember(DOMAIN, 'alice', PASSWORD);
      await server.addMember(DOMAIN, 'bob', PASSWORD);
      const ca = await server.certificatePem(DOMAIN);
      alice = await loginRaw(server.c2sPort, DOMAIN, 'alice', PASSWORD, ca);
    });
    after(() => server.close());

    it('sends TCP clients to the other node, WebSocket clients a shutdown, and keeps what they sent', async () => {
      const web = await openWebSocket(server.httpPort);
      let burst = '';
      for (let i = 0; i < MESSAGES; i++)
        burst += `<message to='bob@${DOMAIN}' type='chat' id='m${i}'><body>message ${i}</body></message>`;
      alice.write(burst);
      // The ping is answered after every message before it was routed (a stream works in order).
      await request(alice, `<iq type='get' to='${DOMAIN}'><ping xmlns='urn:xmpp:ping'/></iq>`);

      const since = alice.mark();
      await server.xmpp.stop();

      const error = await alice.waitFor({ name: 'stream:error' }, { since });
      const redirect = error.getChild('see-other-host', STREAMS);
      assert.ok(redirect, error.toString());
      assert.equal(redirect.getText(), OTHER_NODE);
      await alice.waitClosed();
      await web.closed;
      assert.match(web.text(), /<system-shutdown xmlns=["']urn:ietf:params:xml:ns:xmpp-streams["']/);

      const db = server.app.database.db;
      const offline = await db
        .selectFrom('xmpp_offline_messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('username', '=', 'bob')
        .executeTakeFirstOrThrow();
      assert.equal(Number(offline.n), MESSAGES, 'every message to the offline user is stored');
      const archived = await db
        .selectFrom('xmpp_archive_messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('from_username', '=', 'alice')
        .executeTakeFirstOrThrow();
      assert.equal(Number(archived.n), MESSAGES, "the archive's pending batch was written before stopping");
    });
  });

  describe(`job leases on stop on ${dialect}`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(dialect);
    });
    after(() => database.close());

    it('finishes no more jobs once stopping, and hands back the lease of one still running', async () => {
      const clock = new SimulatedClock(new Date('2026-01-15T10:00:00Z'));
      const jobs = new JobScheduler({
        db: database.db,
        clock,
        logger: pino({ level: 'silent' }),
        nextId: monotonicIdSource(clock),
      });
      const started = deferred();
      const release = deferred();
      const ran: string[] = [];
      jobs.define<{ n: number }>('drain.slow', async ({ n }) => {
        ran.push(`slow ${n}`);
        started.resolve();
        await release.promise;
      });
      const first = await jobs.enqueue('drain.slow', { n: 1 });
      const second = await jobs.enqueue('drain.slow', { n: 2 });
      jobs.start();
      await started.promise;

      await jobs.stop({ graceMs: 0 });
      const held = await jobs.get(first.id);
      assert.equal(held?.status, 'pending', 'the unfinished job is claimable again at once');
      assert.equal(held?.attempts, 0, 'the attempt that was cut short does not count');
      const rows = await database.db
        .selectFrom('jobs')
        .select(['lease_owner', 'lease_expires_at'])
        .where('id', '=', first.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(rows, { lease_owner: null, lease_expires_at: null });
      release.resolve();

      const other = new JobScheduler({
        db: database.db,
        clock,
        logger: pino({ level: 'silent' }),
        nextId: monotonicIdSource(clock),
      });
      other.define<{ n: number }>('drain.slow', async ({ n }) => {
        ran.push(`other ${n}`);
      });
      const summary = await other.runDue();
      assert.equal(summary.succeeded, 2);
      assert.deepEqual(ran, ['slow 1', 'other 1', 'other 2'], 'the stopping worker claimed nothing more');
      assert.equal((await other.get(second.id))?.status, 'succeeded');
    });
  });
}

const cliEntry = fileURLToPath(new URL('../src/bin/imhost.ts', import.meta.url));

for (const dialect of testDialects()) {
  describe(`imhost start drains on SIGTERM on ${dialect}`, () => {
    let database: TestDatabase;
    let env: Record<string, string>;

    before(async () => {
      database = await createTestDatabase(dialect);
      env = {
        IMHOST_DATA_DIR: database.dataDir,
        IMHOST_DATABASE_URL: database.url,
        IMHOST_BIND: '127.0.0.1',
        IMHOST_HTTP_PORT: '0',
        IMHOST_C2S_PORT: '0',
        IMHOST_C2S_TLS_PORT: '0',
        IMHOST_LOG_LEVEL: 'silent',
        IMHOST_ALLOCATOR: 'system',
        IMHOST_DRAIN_SEE_OTHER_HOST: OTHER_NODE,
      };
      const services = await composeServices({ config: loadConfig(env), database, migrate: false });
      try {
        const { customer } = await services.ctx.accounts.signUp(
          {
            email: 'owner@drain.test',
            password: 'a long enough password',
            name: 'Owner',
            organization: 'Drain',
          },
          { ip: '127.0.0.1', userAgent: 'test' },
        );
        await services.ctx.tenancy.createHost({ customerId: customer.id, domain: DOMAIN });
      } finally {
        await services.close();
      }
    });
    after(() => database.close());

    it('sends the connected client elsewhere and exits 0', async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', cliEntry, 'start'], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      let stdout = '';
      const port = await new Promise<number>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const match = /XMPP clients on port (\d+)/.exec(stdout);
          if (match) resolve(Number(match[1]));
        });
        void exited.then((code) => reject(new Error(`imhost start exited with ${code}: ${stdout}`)));
      });
      const client = await RawClient.connect(port);
      client.write(streamHeader(DOMAIN));
      await client.waitFor({ name: 'stream:features' });

      child.kill('SIGTERM');
      const error = await client.waitFor({ name: 'stream:error' });
      assert.equal(error.getChild('see-other-host', STREAMS)?.getText(), OTHER_NODE, error.toString());
      await client.waitClosed();
      assert.equal(await exited, 0);
    });
  });
}
