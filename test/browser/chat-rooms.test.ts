import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  assertFitsScreen,
  contrastOf,
  customerWithHost,
  heading,
  openDashboard,
  shown,
  signIn,
  type Browser,
} from '../support/browser.js';
import type { TestApp } from '../support/app.js';
import { where } from '../xmpp/element-match.js';
import { loginRaw, type RawClient } from '../xmpp/raw-client.js';

const EMAIL = 'ada@rooms.example';
const PASSWORD = 'a-long-enough-passphrase';
const DOMAIN = 'chat.rooms.example';
const ROOM = `book-club@conference.${DOMAIN}`;

describe('dashboard: a host page lists its group chats and destroys one, in chromium', () => {
  let browser: Browser;
  let alice: RawClient;

  async function prepare(t: TestApp): Promise<void> {
    const { c2sPort } = await t.xmpp.start();
    const { hostId, post } = await customerWithHost(t, {
      email: EMAIL,
      password: PASSWORD,
      organization: 'Readers',
      domain: DOMAIN,
    });
    await post(`/hosts/${hostId}/members`, { username: 'alice', password: PASSWORD });
    const ca = (await t.xmpp.certificates.ensure(DOMAIN)).certPem;
    alice = await loginRaw(c2sPort, DOMAIN, 'alice', PASSWORD, ca);
    alice.write(`<presence to='${ROOM}/Alice'><x xmlns='http://jabber.org/protocol/muc'/></presence>`);
    await alice.waitFor(
      where('in the room', (e) => e.name === 'presence' && e.attrs.from === `${ROOM}/Alice`),
    );
  }
  openDashboard({ prepare }, (opened) => ({ browser } = opened));

  test('at phone width, the room shows with its occupants; destroying it empties the list', async () => {
    const { page } = browser;
    await signIn(page, EMAIL, PASSWORD);
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      await page.getByRole('link', { name: DOMAIN }).click();
      await shown(heading(page, DOMAIN));
      const rooms = page.getByRole('region', { name: 'Group chats' });
      const row = await shown(rooms.getByRole('row').filter({ hasText: ROOM }));
      await shown(row.getByRole('cell', { name: '1', exact: true }));
      await browser.screenshot('chat-rooms-mobile');
      await assertFitsScreen(page, 'the host page');
      const contrast = await contrastOf(page, 'section[aria-labelledby="rooms-title"]');
      assert.deepEqual(contrast.problems, []);
      assert.ok(contrast.passed > 0);

      const mark = alice.mark();
      await rooms.getByRole('button', { name: `Destroy ${ROOM}` }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Destroy room' }).click();
      await shown(rooms.getByText(`${ROOM} was destroyed.`));
      await shown(rooms.getByText('No group chats yet'));
      await alice.waitFor(
        where(
          'told',
          (e) => e.attrs.type === 'unavailable' && e.getChild('x')?.getChild('destroy') !== undefined,
        ),
        { since: mark },
      );
    } finally {
      await page.setViewportSize({ width: 1280, height: 860 });
      alice.close();
    }
    assert.deepEqual(browser.problems, []);
  });
});
