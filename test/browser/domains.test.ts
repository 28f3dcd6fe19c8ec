/**
 * A newcomer's path with their own domain: create the host, copy the records the host page lists
 * into their DNS (the test's own DNS server), press "Check DNS now", and see every record turn
 * green, the domain verified and a trusted certificate issued by a real ACME server (pebble).
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
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
import { preparePebble, type Pebble } from '../support/pebble.js';

const DOMAIN = 'chat.newcomer.test';

describe('dashboard: a host on the customer’s own domain, from DNS to certificate, in chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let dns: TestDnsServer;
  let pebble: Pebble;

  before(async () => {
    await ensureWebBuilt();
    dns = await startDnsServer();
    dns.setA('imhost.test', ['127.0.0.1']);
    pebble = await preparePebble();
    t = await startTestApp('sqlite', {
      IMHOST_ACME_DIRECTORY_URL: pebble.directoryUrl,
      IMHOST_ACME_CA_FILE: pebble.listenerCaFile,
      IMHOST_DNS_SERVERS: dns.address,
    });
    browser = await browseApp(t);
    await pebble.start({ httpPort: (t.app.server.address() as AddressInfo).port, dnsPort: dns.port });
    await t.xmpp.start();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
    await pebble?.stop();
    await dns?.close();
  });

  test('create host → copy the records → the DNS check turns green → certificate issued', async () => {
    const { page, context } = browser;
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await signUp(page, {
      name: 'Ada',
      organization: 'Newcomer',
      email: 'ada@newcomer.example',
      password: 'a-long-enough-passphrase',
    });
    await page.getByLabel('Domain').fill(DOMAIN);
    await page.getByRole('button', { name: 'Add host' }).click();
    await shown(heading(page, DOMAIN));
    const section = page.getByRole('region', { name: 'Domain' });
    await shown(section.getByText(`Prove that ${DOMAIN} is yours`));
    await shown(section.getByText('Not checked yet').first());

    /** What the customer pastes at their DNS provider: the value the copy button puts on the clipboard. */
    async function copied(label: string): Promise<string> {
      await section.getByRole('button', { name: label }).click();
      return String(await page.evaluate('navigator.clipboard.readText()'));
    }
    const txtName = await copied(`Copy TXT name _imhost-verification.${DOMAIN}`);
    dns.setTxt(txtName, [await copied(`Copy TXT value for ${txtName}`)]);
    for (const service of ['_xmpp-client._tcp', '_xmpps-client._tcp']) {
      const [priority, weight, port, target] = (
        await copied(`Copy SRV value for ${service}.${DOMAIN}`)
      ).split(' ');
      dns.setSrv(`${service}.${DOMAIN}`, [
        { priority: Number(priority), weight: Number(weight), port: Number(port), target: target! },
      ]);
    }
    dns.setCname(DOMAIN, await copied(`Copy CNAME value for ${DOMAIN}`));
    await browser.screenshot('domain-records');

    await section.getByRole('button', { name: 'Check DNS now' }).click();
    await shown(section.getByText('Every record is right.'));
    assert.equal(await section.getByText('Found', { exact: true }).count(), 4);
    await shown(section.getByText(`${DOMAIN} is proven to be yours by its TXT record`));
    await shown(section.getByText(/Issued automatically by Pebble Intermediate CA/));
    await shown(section.getByText('Chat apps accept this certificate without asking.'));

    const contrast = await contrastOf(page, 'main');
    assert.deepEqual(contrast.problems, []);
    await page.setViewportSize({ width: 390, height: 844 });
    await browser.screenshot('domain-phone');
    assert.deepEqual(browser.problems, []);
  });
});
