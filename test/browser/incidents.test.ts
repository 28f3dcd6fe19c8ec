/**
 * Incidents and member password links in chromium: staff open an incident for one host; its
 * customer sees the banner on every page and the public status page (signed out too) shows it
 * without naming the host; staff resolve it and the banner goes. A customer makes a password link
 * for a member, and the member, signed out, chooses a password with it once. Also at phone width,
 * with WCAG AA contrast checked by axe.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  contrastOf,
  customerWithHost,
  gone,
  heading,
  openDashboard,
  shown,
  signIn,
  signOut,
  type Browser,
} from '../support/browser.js';

const STAFF = { email: 'oncall@imhost.test', password: 'incident-staff-pass' };
const OWNER = {
  email: 'owner@harbor.test',
  password: 'harbor-owner-pass',
  organization: 'Harbor Ltd',
  domain: 'chat.harbor.test',
};
const MEMBER_PASSWORD = 'old member password';

async function assertFitsPhone(page: Page, browser: Browser, name: string, check: () => Promise<unknown>) {
  await page.setViewportSize({ width: 360, height: 740 });
  try {
    await page.reload();
    await check();
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    assert.ok(overflow <= 0, `${name} is ${overflow}px wider than a 360px screen`);
    const report = await contrastOf(page, 'body');
    assert.deepEqual(report.problems, [], `${name} at phone width`);
    await browser.screenshot(`${name}-mobile`);
  } finally {
    await page.setViewportSize({ width: 1280, height: 860 });
  }
}

describe('dashboard: incidents, the status page and member password links in chromium', () => {
  let browser: Browser;
  let hostId: string;

  openDashboard(
    {
      async prepare(app) {
        await app.ctx.accounts.createStaff({ ...STAFF, name: 'On Call', role: 'support' });
        ({ hostId } = await customerWithHost(app, OWNER));
        await app.ctx.tenancy.addMember({
          domain: OWNER.domain,
          username: 'anna',
          password: MEMBER_PASSWORD,
        });
      },
    },
    (opened) => ({ browser } = opened),
  );

  test('staff open an incident; its customer sees the banner and anyone the status page', async () => {
    const { page } = browser;
    await signIn(page, STAFF.email, STAFF.password, 'Customers');
    await page.getByRole('link', { name: 'Incidents' }).click();
    await shown(heading(page, 'Incidents'));
    await page.getByLabel('Title').fill('Harbor messages are delayed');
    await page.getByLabel('Impact').selectOption('major');
    await page.getByLabel('First update').fill('Messages arrive minutes late; we are on it.');
    await page.getByLabel('Every host is affected').uncheck();
    await page.getByLabel('Find hosts by domain').fill('harbor');
    await page.getByRole('checkbox', { name: /chat\.harbor\.test/ }).check();
    await page.getByRole('button', { name: 'Open incident and email customers' }).click();
    await shown(heading(page, 'Harbor messages are delayed'));
    await shown(page.getByText('chat.harbor.test', { exact: true }));
    assert.deepEqual((await contrastOf(page, 'main')).problems, []);
    await browser.screenshot('staff-incident');
    await signOut(page);

    await signIn(page, OWNER.email, OWNER.password);
    const banner = page.getByRole('status').filter({ hasText: 'Harbor messages are delayed' });
    await shown(banner);
    await shown(banner.getByText('This affects chat.harbor.test.', { exact: false }));
    await page.getByRole('link', { name: 'Billing', exact: true }).click();
    await shown(banner);
    assert.deepEqual((await contrastOf(page, '.banner-incident')).problems, []);
    await browser.screenshot('incident-banner');
    await assertFitsPhone(page, browser, 'incident-banner', () => shown(banner));
    await signOut(page);

    await page.goto('/status');
    await shown(heading(page, 'Service status'));
    await shown(page.getByText('Service disruption'));
    await shown(page.getByRole('heading', { name: 'Harbor messages are delayed' }));
    await shown(page.getByText('Messages arrive minutes late; we are on it.'));
    assert.equal(await page.getByText('harbor.test').count(), 0, 'the public page names no host');
    assert.equal(await page.getByText('Harbor Ltd').count(), 0, 'the public page names no customer');
    assert.deepEqual((await contrastOf(page, 'main')).problems, []);
    await browser.screenshot('status-page');
    await assertFitsPhone(page, browser, 'status-page', () => shown(heading(page, 'Service status')));

    await signIn(page, STAFF.email, STAFF.password, 'Customers');
    await page.getByRole('link', { name: 'Incidents' }).click();
    await page.getByRole('link', { name: 'Harbor messages are delayed' }).click();
    await page.getByLabel('Status').selectOption('resolved');
    await page.getByLabel('Message', { exact: true }).fill('Delivery is back to normal.');
    await page.getByRole('button', { name: 'Post update' }).click();
    await gone(page.getByRole('button', { name: 'Post update' }));
    await shown(page.getByText('Delivery is back to normal.'));
    await signOut(page);

    await signIn(page, OWNER.email, OWNER.password);
    await gone(page.locator('.banner-incident'));
    await page.goto('/status');
    await shown(page.getByText('All systems operational'));
    await shown(page.getByRole('heading', { name: 'Harbor messages are delayed' }));
    assert.deepEqual(browser.problems, []);
  });

  test('a customer hands a member a password link, which works once', async () => {
    const { page } = browser;
    await page.goto(`/hosts/${hostId}`);
    await page.getByRole('button', { name: `Sign-in help for anna@${OWNER.domain}` }).click();
    const dialog = page.getByRole('dialog', { name: `Sign-in help for anna@${OWNER.domain}` });
    await shown(dialog.getByText('Not signed in anywhere'));
    await dialog.getByRole('button', { name: 'Make a password link' }).click();
    const url = await (await shown(dialog.getByRole('textbox', { name: 'Password link' }))).inputValue();
    assert.match(url, /^http:\/\/imhost\.test\/member-password\?token=/);
    assert.deepEqual((await contrastOf(page, 'dialog')).problems, []);
    await browser.screenshot('member-reset-link');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await signOut(page);

    const link = new URL(url);
    await page.goto(link.pathname + link.search);
    await shown(heading(page, 'Choose a new chat password'));
    await shown(page.getByText(`anna@${OWNER.domain}`));
    await assertFitsPhone(page, browser, 'member-password', () => shown(page.getByLabel('New password')));
    await page.getByLabel('New password').fill('anna chose this one');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await shown(page.getByText(`The password of anna@${OWNER.domain} is changed.`, { exact: false }));

    await page.reload();
    await shown(
      page.getByText('This password link is invalid, has expired or was already used.', { exact: false }),
    );
    assert.deepEqual(browser.problems, []);
  });
});
