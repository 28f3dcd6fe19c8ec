import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  accessibilityOf,
  contrastOf,
  customerWithHost,
  heading,
  openDashboard,
  shown,
  signIn,
  signOut,
  type Browser,
} from '../support/browser.js';
import type { TestApp } from '../support/app.js';
import { authenticateRaw, loginRaw } from '../xmpp/raw-client.js';

const EMAIL = 'ada@watch.example';
const PASSWORD = 'a-long-enough-passphrase';
const DOMAIN = 'chat.watch.example';
const STAFF = { email: 'ops@watch.example', password: 'operations-staff-pass' };

describe("dashboard: a host's activity charts and member sign-ins, at phone width, in chromium", () => {
  let browser: Browser;

  async function prepare(t: TestApp): Promise<void> {
    const { c2sPort } = await t.xmpp.start();
    const { hostId, post } = await customerWithHost(t, {
      email: EMAIL,
      password: PASSWORD,
      organization: 'Watchers',
      domain: DOMAIN,
    });
    for (const username of ['alice', 'anna'])
      await post(`/hosts/${hostId}/members`, { username, password: PASSWORD });
    const ca = (await t.xmpp.certificates.ensure(DOMAIN)).certPem;
    await assert.rejects(authenticateRaw(c2sPort, DOMAIN, 'anna', 'not her password', ca), /not-authorized/);
    const alice = await loginRaw(c2sPort, DOMAIN, 'alice', PASSWORD, ca, 'Gajim');
    alice.write(`<message to='anna@${DOMAIN}' type='chat'><body>Can you log in?</body></message>`);
    // The message is stored for offline Anna; a ping's answer shows it was routed before it.
    alice.write(`<iq type='get' id='after'><ping xmlns='urn:xmpp:ping'/></iq>`);
    await alice.waitFor({ name: 'iq', attrs: { id: 'after' } });
    await t.xmpp.flushActivity({ all: true });
    alice.close();
    await t.ctx.accounts.createStaff({ ...STAFF, name: 'Ops', role: 'admin' });
  }
  openDashboard({ prepare }, (opened) => ({ browser } = opened));

  test('the charts and the sign-ins read at 360 px, switch range, and pass axe', async () => {
    const { page } = browser;
    await signIn(page, EMAIL, PASSWORD);
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      await page.getByRole('link', { name: DOMAIN }).click();
      await shown(heading(page, DOMAIN));
      const activity = page.getByRole('region', { name: 'Activity' });
      const messages = await shown(activity.getByRole('figure', { name: 'Messages' }));
      await shown(messages.getByText('1 message sent.'));
      await shown(
        activity
          .getByRole('figure', { name: 'Logins' })
          .getByText(/1 login succeeded and 1 failed: 1 wrong password/),
      );
      // uPlot drew into the figure, as wide as the phone allows.
      const canvasWidth = await messages
        .locator('canvas')
        .evaluate((canvas) => canvas.getBoundingClientRect().width);
      assert.ok(canvasWidth > 200 && canvasWidth <= 360, `the chart is ${canvasWidth}px wide`);

      const signIns = page.getByRole('region', { name: 'Member sign-ins' });
      const anna = await shown(signIns.getByRole('listitem').filter({ hasText: `anna@${DOMAIN}` }));
      await shown(anna.getByText(/Wrong password/));
      const alice = await shown(signIns.getByRole('listitem').filter({ hasText: `alice@${DOMAIN}` }));
      await shown(alice.getByRole('definition').filter({ hasText: /^Gajim$/ }));
      await browser.screenshot('host-monitoring-mobile');

      const week = activity.getByRole('button', { name: '7 days' });
      await week.click();
      await shown(activity.locator('button[aria-pressed="true"]', { hasText: '7 days' }));
      await shown(activity.getByRole('figure', { name: 'Messages' }));

      const overflow = Number(
        await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
      );
      assert.ok(overflow <= 0, `the host page is ${overflow}px wider than a 360px screen`);
      for (const section of ['monitoring-title', 'member-activity-title']) {
        const selector = `section[aria-labelledby="${section}"]`;
        const contrast = await contrastOf(page, selector);
        assert.deepEqual(contrast.problems, [], section);
        assert.ok(contrast.passed > 0, section);
        assert.deepEqual(await accessibilityOf(page, selector), [], section);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 860 });
    }
    assert.deepEqual(browser.problems, []);
  });

  test('staff see every host, the busiest ones and this node at 360 px, and pass axe', async () => {
    const { page } = browser;
    await signOut(page);
    await signIn(page, STAFF.email, STAFF.password, 'Customers');
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      await page.getByRole('link', { name: 'Versions' }).click();
      const allHosts = page.getByRole('region', { name: 'All hosts' });
      await shown(allHosts.getByRole('figure', { name: 'Messages' }).getByText('1 message sent.'));
      const busiest = page.getByRole('region', { name: 'Busiest hosts' });
      const host = await shown(busiest.getByRole('listitem').filter({ hasText: DOMAIN }));
      await shown(host.getByText('1 login succeeded, 1 failed (50%)'));
      const node = page.getByRole('region', { name: /^This node/ });
      await shown(node.getByText('Event-loop delay'));
      await browser.screenshot('staff-monitoring-mobile');

      const overflow = Number(
        await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
      );
      assert.ok(overflow <= 0, `the operations page is ${overflow}px wider than a 360px screen`);
      for (const section of ['all-hosts-title', 'busiest-title', 'process-title']) {
        const selector = `section[aria-labelledby="${section}"]`;
        const contrast = await contrastOf(page, selector);
        assert.deepEqual(contrast.problems, [], section);
        assert.deepEqual(await accessibilityOf(page, selector), [], section);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 860 });
    }
    assert.deepEqual(browser.problems, []);
  });
});
