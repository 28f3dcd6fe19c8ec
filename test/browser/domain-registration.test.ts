import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertFitsScreen,
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
import type { TestApp } from '../support/app.js';
import { startRdapServer, type RdapServer } from '../support/rdap-server.js';

const DAY = 86_400_000;
const owner = { email: 'ada@acme-reg.test', password: 'analytical-engine-1843', organization: 'Acme Reg' };

describe("dashboard: the host page shows its domain's registration, in chromium", () => {
  let rdap: RdapServer;
  const env: Record<string, string> = {};
  let browser: Browser;
  let t: TestApp;
  let hostId = '';

  before(async () => {
    rdap = await startRdapServer();
    env.IMHOST_RDAP_BASE_URL = rdap.url;
  });
  after(() => rdap.close());

  openDashboard(
    {
      env,
      async prepare(app) {
        await app.ctx.billing.catalog.setTldPrice({ tld: 'com', currency: 'EUR', amount: 1500 });
        rdap.domains.set('acme-reg.com', {
          expiresAt: new Date(app.clock.nowMs() + 20 * DAY).toISOString(),
          registrar: 'imhost Registrar',
        });
        ({ hostId } = await customerWithHost(app, { ...owner, domain: 'chat.acme-reg.com' }));
        // The scheduler's sweep: the expiry is read, and the reminder due (30 days before) is sent.
        await app.ctx.domainRegistration.runTick();
        const [registration] = await app.ctx.domainRegistration.staff.list();
        await app.ctx.domainRegistration.staff.setThroughProvider(registration!.id, true);
        await app.ctx.accounts.createStaff({
          email: 'grace@operator.test',
          password: 'staff-passphrase-1',
          name: 'Grace',
          role: 'admin',
        });
      },
    },
    (opened) => ({ browser, t } = opened),
  );

  test('expiry, state, the reminder banner and reminders sent, and the auto-renew toggle with its price', async () => {
    const { page } = browser;
    await signIn(page, owner.email, owner.password);
    await page.goto(`/hosts/${hostId}`);
    await shown(heading(page, 'chat.acme-reg.com'));
    const section = page.getByRole('region', { name: 'Domain registration' });
    await shown(section.getByText('expiring soon'));
    await shown(section.getByText('imhost Registrar', { exact: true }));
    await shown(section.getByRole('alert').getByText(/acme-reg\.com expires on/));
    await shown(section.getByText(`30 days before expiry: sent`, { exact: false }));
    await shown(section.getByText(owner.email, { exact: false }));

    const toggle = section.getByRole('checkbox', { name: /Renew automatically for €15\.00 a year/ });
    assert.equal(await toggle.isChecked(), false);
    // The box follows the server: it is ticked once the change is saved, not at the click.
    await toggle.click();
    await shown(section.getByText('acme-reg.com renews automatically.'));
    assert.equal(await toggle.isChecked(), true);
    await shown(section.getByRole('alert').getByText('Auto-renewal is on: we renew it before then.'));
    await browser.screenshot('host-domain-registration');
    const contrast = await contrastOf(page, '[aria-labelledby="registration-title"]');
    assert.deepEqual(contrast.problems, []);
    assert.ok(contrast.passed > 0);

    await section.getByRole('button', { name: 'Calendar link for deadlines' }).click();
    await shown(section.getByText(/^http:\/\/imhost\.test\/api\/v1\/calendar\/[\w-]+\.ics$/));

    await section.getByRole('button', { name: 'Dismiss' }).click();
    await gone(section.getByRole('alert'));

    await page.setViewportSize({ width: 360, height: 740 });
    try {
      await shown(section.getByText('Reminders sent'));
      await assertFitsScreen(page);
      await browser.screenshot('host-domain-registration-mobile');
    } finally {
      await page.setViewportSize({ width: 1280, height: 860 });
    }
    const [registration] = await t.ctx.domainRegistration.staff.list();
    assert.equal(registration!.autoRenew, true);
    assert.deepEqual(browser.problems, []);
  });

  test('staff see the registration on the Domains page and set a TLD renewal price', async () => {
    const { page } = browser;
    await signOut(page);
    await signIn(page, 'grace@operator.test', 'staff-passphrase-1', 'Customers');
    await page.getByRole('link', { name: 'Domain registrations', exact: true }).click();
    await shown(heading(page, 'Domain registrations'));
    const row = page.getByRole('row', { name: /acme-reg\.com/ });
    await shown(row.getByText('Acme Reg'));
    await shown(row.getByText('yes, auto-renewing'));
    await shown(page.getByText('Nothing to renew by hand'));
    await browser.screenshot('staff-domains');
    assert.deepEqual((await contrastOf(page, 'main')).problems, []);

    await page.goto('/staff/billing/catalog');
    const prices = page.getByRole('region', { name: 'Domain renewal prices' });
    await shown(prices.getByRole('row', { name: /\.com/ }));
    await prices.getByLabel('TLD').fill('net');
    await prices.getByLabel('Price a year (minor units)').fill('1800');
    await prices.getByRole('button', { name: 'Set price' }).click();
    await shown(prices.getByText('.net renews for €18.00 a year.'));
    await shown(prices.getByRole('row', { name: /\.net/ }));
    assert.deepEqual(browser.problems, []);
  });
});
