/**
 * "Check my IM host" on the host page, in chromium: a customer whose DNS is not set sees "Server not
 * found" and the records to add; once they are set, a wrong password shows "Unauthorized" and the
 * fix; the right one passes every step; the report goes to a support ticket. At phone width too.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.js';
import {
  browseApp,
  contrastOf,
  ensureWebBuilt,
  heading,
  shown,
  signUp,
  type Browser,
} from '../support/browser.js';
import { startDnsServer, type TestDnsServer } from '../support/dns-server.js';
import { SERVICE_NAME } from '../support/served-hosts.js';
import { createTestCa } from '../support/test-ca.js';

const DOMAIN = 'chat.checked.test';
const MEMBER_PASSWORD = 'Heron-cobalt-5530-orchard';

describe('dashboard: Check my IM host, in chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let dns: TestDnsServer;
  let ports: { c2sPort: number; c2sTlsPort: number };

  before(async () => {
    await ensureWebBuilt();
    dns = await startDnsServer();
    dns.setA(SERVICE_NAME, ['127.0.0.1']);
    const ca = await createTestCa();
    const caFile = path.join(mkdtempSync(path.join(tmpdir(), 'imhost-check-')), 'ca.pem');
    writeFileSync(caFile, ca.rootPem);
    t = await startTestApp('sqlite', {
      IMHOST_DNS_SERVERS: dns.address,
      IMHOST_DOMAIN_VERIFICATION: 'off',
      IMHOST_DIAGNOSTICS_CA_FILE: caFile,
    });
    browser = await browseApp(t);
    ports = await t.xmpp.start();
    const issued = await ca.issue({
      dnsNames: [DOMAIN],
      notBefore: new Date('2025-01-01'),
      notAfter: new Date('2030-01-01'),
    });
    await t.ctx.certificates.install(DOMAIN, issued.certPem, issued.keyPem);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
    await dns?.close();
  });

  test('wrong DNS → records added → wrong password → right password → ticket', async () => {
    const { page } = browser;
    await signUp(page, {
      name: 'Bea',
      organization: 'Checked',
      email: 'bea@checked.example',
      password: 'a-long-enough-passphrase',
    });
    await page.getByLabel('Domain').fill(DOMAIN);
    await page.getByRole('button', { name: 'Add host' }).click();
    await shown(heading(page, DOMAIN));
    await t.ctx.tenancy.addMember({ domain: DOMAIN, username: 'anna', password: MEMBER_PASSWORD });

    const section = page.getByRole('region', { name: 'Check my IM host' });
    const results = section.getByRole('list', { name: 'Check results' });
    await section.getByRole('button', { name: 'Run the check' }).click();
    await shown(section.getByText('The check found a problem: see the fix below.'));
    await shown(results.getByText('Apps show:').first());
    await shown(results.getByText('Server not found', { exact: true }));
    await shown(results.getByText(new RegExp(`SRV _xmpp-client\\._tcp\\.${DOMAIN.replaceAll('.', '\\.')}`)));
    assert.equal(await results.getByText('Skipped', { exact: true }).count(), 5);

    for (const [service, port] of [
      ['_xmpp-client._tcp', ports.c2sPort],
      ['_xmpps-client._tcp', ports.c2sTlsPort],
    ] as const)
      dns.setSrv(`${service}.${DOMAIN}`, [{ priority: 0, weight: 5, port, target: SERVICE_NAME }]);

    const password = section.getByLabel('Their password (optional)');
    await section.getByLabel('Member (optional)').fill('anna');
    await password.fill('not-her-password');
    await section.getByRole('button', { name: 'Run the check' }).click();
    await shown(results.getByText('Unauthorized', { exact: true }));
    await shown(results.getByText(/set a new password for the member/));
    assert.equal(await password.inputValue(), '', 'the password is typed once');

    await password.fill(MEMBER_PASSWORD);
    await section.getByRole('button', { name: 'Run the check' }).click();
    await shown(section.getByText('The check found no problem.'));
    assert.equal(await results.getByText('Passed', { exact: true }).count(), 6);
    // Next to the host's own normal: no messages yet, so nothing to compare, and it says so.
    await shown(page.getByText('Not enough data', { exact: true }));
    await shown(page.getByText(/Too few messages in the last 24 hours \(0\)/));
    await shown(results.getByText(/Signed in as anna@chat\.checked\.test/));
    await browser.screenshot('check-host');

    await section.getByRole('button', { name: 'Attach to a support ticket' }).click();
    await shown(section.getByText('A support ticket was opened with this report attached.'));
    const contrast = await contrastOf(page, 'main');
    assert.deepEqual(contrast.problems, []);

    await page.setViewportSize({ width: 390, height: 844 });
    await browser.screenshot('check-host-phone');
    const phoneContrast = await contrastOf(page, 'main');
    assert.deepEqual(phoneContrast.problems, []);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);

    await section.getByRole('link', { name: 'Open the ticket' }).click();
    await shown(heading(page, `Check of ${DOMAIN}: no problem found`));
    assert.deepEqual(browser.problems, []);
  });
});
