import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import { healthRoutes } from '../src/api/routes/health.routes.js';
import { compose } from '../src/bin/compose.js';
import { systemClock } from '../src/lib/clock.js';
import { loadConfig } from '../src/bin/config.js';
import { openDatabase } from '../src/platform/index.js';
import { signInStaff, signUpCustomer, type CustomerActor } from './support/actors.js';
import { ApiClient } from './support/api-client.js';
import { assertError } from './support/errors.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createTestDatabase, testDialects } from './support/databases.js';

interface PageBody<T> {
  items: T[];
  nextCursor: string | null;
}

for (const dialect of testDialects()) {
  describe(`health and operations routes on ${dialect}`, () => {
    let test: TestApp;
    let admin: ApiClient;
    let support: ApiClient;
    let ann: CustomerActor;
    let bob: CustomerActor;

    before(async () => {
      test = await startTestApp(dialect);
      admin = await signInStaff(test, 'admin');
      support = await signInStaff(test, 'support');
      ann = await signUpCustomer(test, { email: 'ann@a.test', organization: 'Ann Org' });
      bob = await signUpCustomer(test, { email: 'bob@b.test', organization: 'Bob Org' });
    });
    after(async () => {
      await test.close();
    });

    it('answers /healthz with the version and /readyz when the database answers', async () => {
      const health = await test.app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(health.statusCode, 200);
      assert.deepEqual(health.json(), { status: 'ok', version: test.ctx.version });
      const ready = await test.app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(ready.statusCode, 200);
      assert.deepEqual(ready.json(), { status: 'ok' });
    });

    it('answers /readyz with 503 when the database does not answer', async () => {
      // Port 1 on the loopback refuses connections at once.
      const gone = openDatabase({
        url: 'postgres://imhost@127.0.0.1:1/imhost',
        dataDir: test.database.dataDir,
      });
      const app = Fastify({ logger: false });
      await app.register(healthRoutes({ ...test.ctx, database: gone }));
      try {
        const ready = await app.inject({ method: 'GET', url: '/readyz' });
        assertError(ready, 503, 'service_unavailable');
        assert.deepEqual((ready.json() as { error: { details: unknown } }).error.details, {
          database: 'unreachable',
        });
      } finally {
        await app.close();
        await gone.close();
      }
    });

    it('exposes Prometheus metrics, counting requests by route pattern', async () => {
      await test.app.inject({ method: 'GET', url: '/healthz' });
      await test.app.inject({ method: 'GET', url: '/api/v1/admin/outbox' });
      await test.app.inject({ method: 'GET', url: '/api/v1/no/such/thing?x=1' });
      const metrics = await test.app.inject({ method: 'GET', url: '/metrics' });
      assert.equal(metrics.statusCode, 200);
      assert.match(String(metrics.headers['content-type']), /^text\/plain; version=0\.0\.4/);
      assert.match(metrics.body, /^process_resident_memory_bytes \d+/m);
      assert.match(
        metrics.body,
        /^imhost_http_requests_total\{method="GET",route="\/healthz",status="200"\} [1-9]/m,
      );
      assert.match(
        metrics.body,
        /^imhost_http_requests_total\{method="GET",route="\/api\/v1\/admin\/outbox",status="401"\} 1$/m,
      );
      assert.match(
        metrics.body,
        /^imhost_http_requests_total\{method="GET",route="unmatched",status="404"\} 1$/m,
      );
      assert.match(
        metrics.body,
        /^imhost_http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/healthz",status="200"\} [1-9]/m,
      );
      assert.doesNotMatch(metrics.body, /no\/such\/thing/);
    });

    it('keeps the operations views to staff', async () => {
      const anonymous = new ApiClient(test.app);
      for (const url of ['/admin/outbox', '/admin/audit', '/admin/jobs', '/admin/clock', '/audit']) {
        assertError(await anonymous.get(url), 401, 'unauthenticated');
      }
      for (const url of ['/admin/outbox', '/admin/audit', '/admin/jobs', '/admin/clock']) {
        assertError(await ann.get(url), 403, 'staff_only');
      }
      assertError(await anonymous.post('/admin/clock', { advanceSeconds: 1 }), 401, 'unauthenticated');
      assertError(await ann.post('/admin/clock', { advanceSeconds: 1 }), 403, 'staff_only');
    });

    it('shows staff the outbox newest first, with recipients, subject and text', async () => {
      const first = await support.get('/admin/outbox?limit=1');
      assert.equal(first.statusCode, 200, first.body);
      const page = first.json() as PageBody<{
        id: string;
        createdAt: string;
        recipients: string[];
        subject: string;
        text: string;
        status: string;
      }>;
      assert.equal(page.items.length, 1);
      assert.deepEqual(page.items[0]?.recipients, ['bob@b.test'], 'the last sign-up mailed last');
      assert.equal(page.items[0]?.status, 'stored');
      assert.match(page.items[0]?.text ?? '', /http:\/\/imhost\.test\/verify-email\?token=/);
      assert.ok(page.nextCursor);

      const rest = (await support.get(`/admin/outbox?before=${page.nextCursor}`)).json() as PageBody<{
        recipients: string[];
      }>;
      assert.deepEqual(rest.items[0]?.recipients, ['ann@a.test']);

      assertError(await support.get('/admin/outbox?limit=201'), 400, 'validation_failed');
      assertError(await support.get('/admin/outbox?limit=0'), 400, 'validation_failed');
    });

    it('gives each customer only its own audit trail, and staff everything', async () => {
      await test.ctx.platform.audit.record({
        actorType: 'staff',
        actorId: 'usr_staffer',
        customerId: ann.customerId,
        action: 'host.suspend',
        targetType: 'host',
        targetId: 'host_x',
        ip: '198.51.100.9',
      });
      type Event = {
        action: string;
        customerId: string | null;
        actorType: string;
        actorId: string | null;
        ip: string | null;
      };

      const annEvents = ((await ann.get('/audit')).json() as PageBody<Event>).items;
      assert.deepEqual(
        annEvents.map((e) => e.action),
        ['host.suspend', 'user.signup'],
      );
      assert.ok(annEvents.every((e) => e.customerId === ann.customerId));
      assert.deepEqual(
        { actorId: annEvents[0]?.actorId, ip: annEvents[0]?.ip },
        { actorId: null, ip: null },
        'a customer does not learn which staff member acted, or from where',
      );

      const bobEvents = ((await bob.get('/audit')).json() as PageBody<Event>).items;
      assert.deepEqual(
        bobEvents.map((e) => [e.action, e.customerId]),
        [['user.signup', bob.customerId]],
      );

      const everything = ((await support.get('/admin/audit?limit=200')).json() as PageBody<Event>).items;
      assert.ok(everything.some((e) => e.customerId === bob.customerId));
      const suspend = everything.find((e) => e.action === 'host.suspend');
      assert.equal(suspend?.ip, '198.51.100.9');
      const ownTrail = (
        await support.get(`/admin/audit?customerId=${ann.customerId}`)
      ).json() as PageBody<Event>;
      assert.deepEqual(
        ownTrail.items.map((e) => e.action),
        ['host.suspend', 'user.signup'],
      );
      const staffView = (await support.get('/audit?limit=200')).json() as PageBody<Event>;
      assert.equal(staffView.items.length, everything.length, 'staff read every account on /audit too');
    });

    it('lets a staff admin move the simulated clock, which runs the jobs that became due', async () => {
      const ran: string[] = [];
      test.ctx.platform.jobs.define('test.after-clock', async (payload: { tag: string }) => {
        ran.push(payload.tag);
      });
      const start = test.clock.now();
      const job = await test.ctx.platform.jobs.enqueue(
        'test.after-clock',
        { tag: 'hourly' },
        { runAt: new Date(start.getTime() + 3600_000) },
      );

      assertError(await support.post('/admin/clock', { advanceSeconds: 3600 }), 403, 'forbidden');
      assertError(await admin.post('/admin/clock', { advanceSeconds: -1 }), 400, 'validation_failed');
      assertError(await admin.post('/admin/clock', { advanceSeconds: '3600' }), 400, 'validation_failed');
      assertError(await admin.post('/admin/clock', { advanceSeconds: 1.5 }), 400, 'validation_failed');
      assertError(
        await admin.post('/admin/clock', { advanceSeconds: 60, extra: true }),
        400,
        'validation_failed',
      );
      assert.deepEqual(ran, []);

      const moved = await admin.post('/admin/clock', { advanceSeconds: 3600 });
      assert.equal(moved.statusCode, 200, moved.body);
      const expected = new Date(start.getTime() + 3600_000).toISOString();
      assert.deepEqual(moved.json(), { now: expected });
      assert.deepEqual(ran, ['hourly']);
      assert.deepEqual((await support.get('/admin/clock')).json(), { now: expected, simulated: true });

      const jobs = (await support.get('/admin/jobs?status=succeeded')).json() as PageBody<{
        id: string;
        name: string;
        status: string;
      }>;
      assert.ok(jobs.items.some((j) => j.id === job.id && j.status === 'succeeded'));
      assertError(await support.get('/admin/jobs?status=exploded'), 400, 'validation_failed');

      const audit = (await support.get('/admin/audit?limit=5')).json() as PageBody<{
        action: string;
        details: unknown;
      }>;
      assert.deepEqual(audit.items.find((e) => e.action === 'clock.advance')?.details, {
        advanceSeconds: 3600,
        now: expected,
      });
    });
  });

  describe(`the clock routes on ${dialect} with the system clock`, () => {
    it('refuse to move a real clock', async () => {
      const database = await createTestDatabase(dialect);
      const config = loadConfig({
        IMHOST_DATA_DIR: database.dataDir,
        IMHOST_LOG_LEVEL: 'silent',
        IMHOST_STAFF_2FA: 'optional',
        IMHOST_PUBLIC_URL: 'http://imhost.test',
      });
      const composed = await compose({ config, database, clock: systemClock, migrate: false });
      try {
        const test = { app: composed.app, ctx: composed.ctx } as TestApp;
        const admin = await signInStaff(test, 'admin');
        assertError(await admin.post('/admin/clock', { advanceSeconds: 60 }), 409, 'clock_not_simulated');
        const clock = (await admin.get('/admin/clock')).json() as { now: string; simulated: boolean };
        assert.equal(clock.simulated, false);
      } finally {
        await composed.close();
        await database.close();
      }
    });
  });
}
