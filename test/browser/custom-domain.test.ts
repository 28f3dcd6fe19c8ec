import { describe, test } from 'node:test';
import { heading, openDashboard, shown, signUp, type Browser } from '../support/browser.js';

describe('dashboard: the new-host form says which domains a plan allows, in chromium', () => {
  let browser: Browser;
  openDashboard({ env: { IMHOST_HOSTED_DOMAIN: 'im.example.net' } }, (opened) => ({ browser } = opened));

  test('a plan without a custom domain is offered a name under the hosted domain, and only that', async () => {
    const { page } = browser;
    await signUp(page, {
      name: 'Grace',
      organization: 'Compilers',
      email: 'grace@example.org',
      password: 'a-long-enough-passphrase',
    });

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
