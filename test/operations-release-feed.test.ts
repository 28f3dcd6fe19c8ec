/**
 * The release feed against a real HTTP server on this machine: checked by the scheduler's daily job
 * and on demand by staff, compared by semantic version, shown with the release notes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { type Actor, signInStaff, signUpCustomer } from './support/actors.js';
import { call } from './support/api-client.js';
import { startFeedServer, type Feed } from './support/release-feed-server.js';

const releases = [
  { version: '0.0.9', date: '2026-10-01', notes: 'An old one.', url: 'https://imhost.example/0.0.9' },
  {
    version: '0.2.0',
    date: '2026-12-01',
    notes: 'Backups and a faster archive.',
    url: 'https://imhost.example/0.2.0',
  },
  {
    version: '0.3.0-beta.1',
    date: '2026-12-05',
    notes: 'Try it out.',
    url: 'https://imhost.example/0.3.0-beta.1',
  },
];

for (const dialect of testDialects()) {
  describe(`release feed on ${dialect}`, () => {
    const feed: Feed = { status: 200, body: { releases }, requests: 0 };
    let server: Awaited<ReturnType<typeof startFeedServer>>;
    let t: TestApp;
    let staff: Actor;

    before(async () => {
      server = await startFeedServer(feed);
      t = await startTestApp(dialect, { IMHOST_RELEASE_FEED_URL: server.url });
      staff = await signInStaff(t, 'support', 'Ops');
    });
    after(async () => {
      await t.close();
      await server.close();
    });

    it('shows the versions this node runs, and a feed not yet checked', async () => {
      const response = await call(t, staff, 'GET', '/admin/operations');
      assert.equal(response.statusCode, 200, response.body);
      const { versions, release } = response.json();
      assert.equal(versions.imhost, t.ctx.version);
      assert.equal(versions.node, process.versions.node);
      assert.equal(versions.openssl, process.versions.openssl);
      assert.equal(versions.database.kind, dialect);
      assert.match(versions.database.version, /^\d+\.\d+/);
      assert.equal(release.isEnabled, true);
      assert.equal(release.checkedAt, null);
      assert.equal(release.isUpdateAvailable, false);
    });

    it('checks the feed daily from the scheduler and offers the newer stable release', async () => {
      await t.ctx.platform.jobs.runDue(); // records the schedule's first slot
      t.clock.advance(24 * 3600 * 1000);
      await t.ctx.platform.jobs.runDue();
      assert.equal(feed.requests, 1);
      const { release } = (await call(t, staff, 'GET', '/admin/operations')).json();
      assert.equal(release.isUpdateAvailable, true);
      assert.equal(release.current, '0.1.0');
      assert.deepEqual(
        release.newer.map((r: { version: string }) => r.version),
        ['0.2.0'],
        'older releases and pre-releases are not offered to a stable installation',
      );
      assert.equal(release.newer[0].notes, 'Backups and a faster archive.');
      assert.equal(release.latest.version, '0.2.0');
      assert.equal(release.error, null);
    });

    it('checks on demand, and keeps the last good answer when the feed fails', async () => {
      feed.status = 503;
      const response = await call(t, staff, 'POST', '/admin/operations/release-check');
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(feed.requests, 2);
      const { release } = response.json();
      assert.match(release.error, /503/);
      assert.equal(release.isUpdateAvailable, true, 'the releases of the last good check stay');

      feed.status = 200;
      feed.body = { releases: [{ ...releases[0], version: 'next' }] };
      const invalid = (await call(t, staff, 'POST', '/admin/operations/release-check')).json();
      assert.match(invalid.release.error, /releases\[0\]\.version/);

      feed.body = { releases: releases.slice(0, 1) };
      const upToDate = (await call(t, staff, 'POST', '/admin/operations/release-check')).json();
      assert.equal(upToDate.release.error, null);
      assert.equal(upToDate.release.isUpdateAvailable, false);
    });

    it('is for staff only', async () => {
      const customer = await signUpCustomer(t, { name: 'Carol', organization: 'Carol Ltd' });
      const response = await call(t, customer, 'GET', '/admin/operations');
      assert.equal(response.statusCode, 403);
      assert.equal(response.json().error.code, 'staff_only');
    });
  });
}
