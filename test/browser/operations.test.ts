import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { TestApp } from '../support/app.js';
import {
  assertFitsScreen,
  contrastOf,
  heading,
  openDashboard,
  shown,
  signIn,
  type Browser,
} from '../support/browser.js';

const STAFF = { email: 'ops@imhost.test', password: 'operations-staff-pass' };
const FEED = {
  releases: [
    {
      version: '0.2.0',
      date: '2026-12-01',
      notes: 'Backups and restores. Read https://imhost.example/upgrading before upgrading.',
      url: 'https://imhost.example/releases/0.2.0',
    },
  ],
};

describe('dashboard: versions and updates for staff in chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let feedServer: http.Server;
  const env: Record<string, string> = {};

  before(async () => {
    feedServer = http.createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(FEED));
    });
    await new Promise<void>((resolve) => feedServer.listen(0, '127.0.0.1', resolve));
    env.IMHOST_RELEASE_FEED_URL = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}/feed.json`;
  });
  after(() => new Promise<void>((resolve) => feedServer.close(() => resolve())));

  openDashboard(
    {
      env,
      async prepare(app) {
        await app.ctx.accounts.createStaff({ ...STAFF, name: 'Ops', role: 'admin' });
      },
    },
    (opened) => ({ t, browser } = opened),
  );

  test('staff see the versions, check the feed, and read the new release notes, also on a phone', async () => {
    const { page } = browser;
    await signIn(page, STAFF.email, STAFF.password, 'Customers');
    await page.getByRole('link', { name: 'Versions' }).click();
    await shown(heading(page, 'Versions and updates'));
    await shown(page.getByText(process.versions.node, { exact: true }));
    await shown(page.getByText(process.versions.openssl, { exact: true }));
    await shown(page.getByText('SQLite', { exact: true }));
    await shown(page.getByText('The release feed has not been checked yet.'));

    await page.getByRole('button', { name: 'Check now' }).click();
    await shown(page.getByText(`An update is available: imhost 0.2.0 (this node runs ${t.ctx.version}).`));
    await shown(page.getByRole('heading', { name: /imhost 0\.2\.0/ }));
    await shown(page.getByRole('link', { name: 'https://imhost.example/upgrading' }));
    await shown(page.getByRole('link', { name: 'Release page for 0.2.0' }));
    const report = await contrastOf(page, 'main');
    assert.ok(report.passed > 0);
    assert.deepEqual(report.problems, []);
    await browser.screenshot('staff-versions');

    await page.setViewportSize({ width: 360, height: 740 });
    try {
      await page.reload();
      await shown(heading(page, 'Versions and updates'));
      await shown(page.getByText('An update is available', { exact: false }));
      await assertFitsScreen(page);
      await browser.screenshot('staff-versions-mobile');
    } finally {
      await page.setViewportSize({ width: 1280, height: 860 });
    }
    assert.deepEqual(browser.problems, []);
  });
});
