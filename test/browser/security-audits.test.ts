/**
 * A customer runs their host's security audit from the host page at phone width and reads each
 * check with its fix; staff see the server-wide report. Real handshakes against the running
 * server's ports; axe checks the text's contrast; nothing overflows a 360-pixel screen.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PASSWORD as STAFF_PASSWORD, signInStaff } from '../support/actors.js';
import type { TestApp } from '../support/app.js';
import {
  contrastOf,
  customerWithHost,
  heading,
  openDashboard,
  shown,
  signIn,
  signOut,
  type Browser,
} from '../support/browser.js';

const EMAIL = 'ada@audit.example';
const PASSWORD = 'a-long-enough-passphrase';
const DOMAIN = 'chat.audit.example';

describe('dashboard: the security audit of a host, and the staff report, in chromium', () => {
  let browser: Browser;
  let t: TestApp;

  async function prepare(app: TestApp): Promise<void> {
    t = app;
    await app.xmpp.start();
    await customerWithHost(app, {
      email: EMAIL,
      password: PASSWORD,
      organization: 'Auditors',
      domain: DOMAIN,
    });
  }
  openDashboard({ prepare }, (opened) => ({ browser } = opened));

  async function assertFitsPhone(section: string) {
    const { page } = browser;
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than a 360px screen`);
    const contrast = await contrastOf(page, section);
    assert.deepEqual(contrast.problems, []);
    assert.ok(contrast.passed > 0);
  }

  test('at phone width, "Run now" shows every check with its fix, and the run before in the history', async () => {
    const { page } = browser;
    await signIn(page, EMAIL, PASSWORD);
    await page.setViewportSize({ width: 360, height: 740 });
    await page.getByRole('link', { name: DOMAIN }).click();
    await shown(heading(page, DOMAIN));
    const section = page.getByRole('region', { name: 'Security audit' });
    await shown(section.getByText('This host has not been audited yet.'));
    await section.getByRole('button', { name: 'Run now' }).click();
    await shown(section.getByText(/^The audit ran: 1 failed, \d+ with warnings, \d+ passed\.$/));
    const certificate = section
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: /Certificate/ }) });
    await shown(certificate.getByText('Fail', { exact: true }));
    await shown(certificate.getByText(/Chat apps do not trust the certificate: it is self-signed/));
    await shown(certificate.getByText('Fixed by us:'));
    const team = section
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: /Two-factor/ }) });
    await shown(team.getByText('What to do:'));
    const tls = section
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: /STARTTLS/ }) });
    await tls.getByText('What was measured').click();
    await shown(tls.getByText('TLS 1.0: refused'));
    await browser.screenshot('security-audit-phone');
    await assertFitsPhone('#security-audit');

    await section.getByRole('button', { name: 'Run now' }).click();
    await shown(section.getByRole('heading', { name: 'Earlier audits' }));
    await shown(section.getByText(/new failures emailed/));
    assert.deepEqual(browser.problems, []);
    await signOut(page);
  });

  test('staff see the server checks and the host failing first', async () => {
    const { page } = browser;
    const staff = await signInStaff(t, 'admin', 'Sam');
    await page.setViewportSize({ width: 360, height: 740 });
    await signIn(page, staff.email, STAFF_PASSWORD, 'Customers');
    await page.goto('/staff/audits');
    await shown(heading(page, 'Security audits'));
    const server = page.getByRole('region', { name: 'This server' });
    await shown(server.getByRole('heading', { name: /Two-factor sign-in of staff/ }));
    const hosts = page.getByRole('region', { name: 'Hosts' });
    const row = await shown(hosts.getByRole('listitem').filter({ hasText: DOMAIN }));
    await shown(row.getByText('Auditors'));
    await shown(row.getByText('Failing: Certificate'));
    await assertFitsPhone('main');
    await browser.screenshot('security-audits-staff-phone');
    assert.deepEqual(browser.problems, []);
  });
});
