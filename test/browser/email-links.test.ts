import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { accountsMailTemplates } from '../../src/accounts/index.js';
import { billingMailTemplates } from '../../src/billing/index.js';
import { domainsMailTemplates, registrationMailTemplates } from '../../src/domains/index.js';
import type { MailTemplateRegistry } from '../../src/platform/index.js';
import { securityMailTemplates } from '../../src/security/index.js';
import { supportMailTemplates } from '../../src/support/index.js';
import type { TestApp } from '../support/app.js';
import { openDashboard, shown, type Browser } from '../support/browser.js';

/** Every area that sends mail, by the registry its sending code renders from. */
const registries: Record<string, MailTemplateRegistry> = {
  accounts: accountsMailTemplates,
  billing: billingMailTemplates,
  domains: domainsMailTemplates,
  'domain registration': registrationMailTemplates,
  support: supportMailTemplates,
  'security audits': securityMailTemplates,
};

const NOT_FOUND = 'Page not found';

describe('links in emails, in chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  openDashboard({}, (opened) => {
    ({ t, browser } = opened);
    baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });

  /**
   * The heading of what the dashboard shows at `path` once it has routed, signed out: the page
   * itself, the sign-in page for a page behind it, or "Page not found" for no route at all.
   */
  async function headingAt(path: string): Promise<string> {
    await browser.page.goto(path);
    return (await shown(browser.page.locator('h1').first())).innerText();
  }

  test('the check tells a missing page from an existing one', async () => {
    assert.equal(await headingAt('/admin/support/tickets/tkt_01kf0hj080x4kacr9qxvmprc00'), NOT_FOUND);
    assert.equal(await headingAt('/support/tickets/tkt_01kf0hj080x4kacr9qxvmprc00'), 'Sign in');
  });

  test('every link of every email template opens a page of the dashboard', async () => {
    const linksPerArea: Record<string, number> = {};
    for (const [area, registry] of Object.entries(registries)) {
      linksPerArea[area] = 0;
      for (const [name, template] of Object.entries(registry)) {
        const { text } = template.render(template.example, baseUrl);
        for (const link of text.match(/https?:\/\/\S+/g) ?? []) {
          const href = link.replace(/[.,;:!?)]+$/, '');
          assert.ok(href.startsWith(`${baseUrl}/`), `${area} ${name} links outside the dashboard: ${href}`);
          const url = new URL(href);
          const heading = await headingAt(url.pathname + url.search);
          assert.notEqual(heading, NOT_FOUND, `${area} ${name} links to a page that does not exist: ${href}`);
          linksPerArea[area]++;
        }
      }
    }
    for (const [area, links] of Object.entries(linksPerArea))
      assert.ok(links > 0, `the ${area} templates were rendered with their links`);
    assert.deepEqual(browser.problems, []);
  });
});
