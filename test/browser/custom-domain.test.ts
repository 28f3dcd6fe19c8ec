import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.js';
import { ensureWebBuilt, heading, browseApp, shown, type Browser } from '../support/browser.js';

describe('dashboard: the new-host form says which domains a plan allows, in chromium', () => {
  let t: TestApp;
  let browser: Browser;

  before(async () => {
    await ensureWebBuilt();
    t = await startTestApp('sqlite', { IMHOST_HOSTED_DOMAIN: 'im.example.net' });
    browser = await browseApp(t);
  });

  after(async () => {
    await browser?.close();
    await t?.close();
  });

  test('a plan without a custom domain is offered a name under the hosted domain, and only that', async () => {
    const { page } = browser;
    await page.goto('/signup');
    await page.getByLabel('Your name').fill('Grace');
    await page.getByLabel('Organisation').fill('Compilers');
    await page.getByLabel('Work email').fill('grace@example.org');
    await page.getByLabel('Password', { exact: true }).fill('a-long-enough-passphrase');
    await page.getByRole('button', { name: 'Create account' }).click();
    await shown(heading(page, 'IM hosts'));

    await shown(page.getByText('Any domain you control.'));
    await page.getByLabel('Plan').selectOption({ label: 'Starter' });
    await shown(page.getByText('The Starter plan serves a name under im.example.net'));
    await page.getByLabel('Domain').fill('chat.compilers.example');
    await page.getByRole('button', { name: 'Add host' }).click();
    await shown(page.getByText(/This plan does not include a custom domain/));
    await browser.screenshot('new-host-hosted-domain');

    await page.getByLabel('Domain').fill('compilers.im.example.net');
    await page.getByRole('button', { name: 'Add host' }).click();
    await shown(heading(page, 'compilers.im.example.net'));
  });
});
