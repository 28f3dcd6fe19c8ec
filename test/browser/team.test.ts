import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import type { TestApp } from '../support/app.js';
import {
  assertFitsScreen,
  gone,
  heading,
  openDashboard,
  shown,
  signIn,
  signOut,
  signUp,
  type Browser,
} from '../support/browser.js';
import { mailedLink } from '../support/outbox.js';

describe('dashboard: team, sessions and the host connection box in chromium', () => {
  let t: TestApp;
  let browser: Browser;
  openDashboard(
    { env: { IMHOST_C2S_PORT: '15222', IMHOST_C2S_TLS_PORT: '15223' } },
    (opened) => ({ t, browser } = opened),
  );

  beforeEach(async () => {
    await browser.context.clearCookies();
  });

  test('invite a billing contact, who joins by the emailed link; then change their role and remove them', async () => {
    const { page } = browser;
    const owner = { email: 'rosalind@example.org', password: 'double-helix-1952' };
    const colleague = { email: 'maurice@example.org', password: 'x-ray-diffraction-1953' };
    await signUp(page, { name: 'Rosalind', organization: 'Helix Labs', ...owner });

    // The unverified banner offers a new link (at most one a minute).
    t.clock.advance(61_000);
    await page.getByRole('button', { name: 'Resend verification email' }).click();
    await shown(page.getByText(`We sent a new link to ${owner.email}.`));
    const { items } = await t.ctx.platform.mailer.list({ limit: 20 });
    assert.equal(
      items.filter((m) => m.recipients.includes(owner.email) && m.subject === 'Confirm your email address')
        .length,
      2,
    );

    await page.getByLabel('Domain').fill('helix.example.org');
    await page.getByRole('button', { name: 'Add host' }).click();
    await shown(heading(page, 'helix.example.org'));

    await page.getByRole('link', { name: 'Team' }).click();
    await shown(heading(page, 'Team'));
    await shown(page.getByRole('row', { name: /Rosalind \(you\).*Owner/ }));
    // The only owner is offered neither a role change nor removal for themselves.
    assert.equal(await page.getByLabel(`Role of ${owner.email}`).count(), 0);
    await shown(page.getByText('No pending invitations'));
    await page.getByLabel('Email').fill('not an address');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await shown(page.getByText('This is not a valid email address.').first());
    await page.getByLabel('Email').fill(colleague.email);
    await page.getByLabel('Role', { exact: true }).selectOption('billing');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await shown(page.getByText(`We emailed an invitation to ${colleague.email}.`));
    await shown(page.getByRole('row', { name: new RegExp(`${colleague.email}.*Billing contact`) }));
    await browser.screenshot('team');

    await signOut(page);
    await page.goto(await mailedLink(t, colleague.email, { subject: 'Join Helix Labs on imhost' }));
    await shown(heading(page, 'Join Helix Labs'));
    await shown(page.getByText('You are invited as billing contact'));
    await page.getByRole('button', { name: 'Accept and create account' }).click();
    await shown(page.getByText('This field is required.').first());
    await page.getByLabel('Your name').fill('Maurice');
    await page.getByLabel('Choose a password').fill(colleague.password);
    await browser.screenshot('invite');
    await page.getByRole('button', { name: 'Accept and create account' }).click();
    await shown(heading(page, 'IM hosts'));
    // The link proved the address, so no verification banner.
    await gone(page.getByText('Please verify your email address.'));
    // A billing contact sees the hosts but is offered no changes.
    await page.getByRole('link', { name: 'helix.example.org' }).click();
    await shown(heading(page, 'helix.example.org'));
    await shown(page.getByText('An owner or admin of your organisation can add members.'));
    assert.equal(await page.getByRole('button', { name: /Suspend host|Delete host|Add member/ }).count(), 0);
    await page.getByRole('link', { name: '← All hosts' }).click();
    await shown(heading(page, 'IM hosts'));
    assert.equal(await page.getByRole('heading', { name: 'Add a host' }).count(), 0);

    await page.getByRole('link', { name: 'Team' }).click();
    await shown(page.getByText('Only owners and admins can change the team.'));
    await shown(page.getByRole('row', { name: /Maurice \(you\).*Billing contact/ }));
    assert.equal(await page.getByRole('button', { name: /^Remove / }).count(), 0);
    assert.equal(await page.getByLabel('Email').count(), 0);
    await browser.screenshot('team-billing');
    // The activity log names who acted by email.
    await page.getByRole('link', { name: 'Activity' }).click();
    await shown(page.getByRole('row', { name: new RegExp(`${owner.email}.*Invited to the team`) }));
    await browser.screenshot('activity-emails');

    await signOut(page);
    await signIn(page, owner.email, owner.password);
    await page.getByRole('link', { name: 'Team' }).click();
    await page.getByLabel(`Role of ${colleague.email}`).selectOption('admin');
    await shown(page.getByText(`${colleague.email} is now admin.`));
    await shown(page.getByRole('row', { name: /Maurice.*/ }).getByRole('combobox'));
    assert.equal(await page.getByLabel(`Role of ${colleague.email}`).inputValue(), 'admin');

    await page.getByRole('button', { name: `Remove ${colleague.email} from the team` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove from team' }).click();
    await gone(page.getByRole('row', { name: /Maurice/ }));

    await page.getByLabel('Email').fill('later@example.org');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByRole('button', { name: 'Revoke the invitation to later@example.org' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke invitation' }).click();
    await shown(page.getByText('No pending invitations'));

    await page.getByRole('link', { name: 'Activity' }).click();
    await shown(page.getByRole('row', { name: new RegExp(`Joined the team.*${colleague.email}`) }));
    assert.deepEqual(browser.problems, []);
  });

  test('sessions in Settings: sign out another device; the host page shows the real ports', async () => {
    const { page } = browser;
    const email = 'hedy@example.org';
    const password = 'frequency-hopping-1942';
    await signUp(page, { name: 'Hedy', organization: 'Spread Spectrum', email, password });

    const elsewhere = await t.app.inject({
      method: 'POST',
      url: '/api/v1/login',
      headers: { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1' },
      remoteAddress: '203.0.113.9',
      payload: { email, password },
    });
    assert.equal(elsewhere.statusCode, 200, elsewhere.body);
    const phoneCookies = Object.fromEntries(elsewhere.cookies.map((c) => [c.name, c.value]));
    const asPhone = () => t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: phoneCookies });
    assert.equal((await asPhone()).statusCode, 200);

    await page.getByRole('link', { name: 'Settings' }).click();
    await shown(page.getByRole('heading', { name: 'Where you are signed in' }));
    await shown(page.getByRole('row', { name: /This browser/ }));
    const phone = page.getByRole('row', { name: /Safari on iOS.*203\.0\.113\.9/ });
    await shown(phone);
    await browser.screenshot('settings-sessions');
    await phone.getByRole('button', { name: /^Sign out Safari on iOS/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Sign out session' }).click();
    await gone(phone);
    assert.equal((await asPhone()).statusCode, 401);

    await page.getByRole('link', { name: 'Hosts', exact: true }).click();
    await page.getByLabel('Domain').fill('radio.example.org');
    await page.getByRole('button', { name: 'Add host' }).click();
    await shown(heading(page, 'radio.example.org'));
    const box = page.getByRole('region', { name: 'Client settings' });
    await shown(box.getByText('15222', { exact: true }));
    await shown(box.getByText('15223', { exact: true }));
    await shown(box.getByText('ws://imhost.test/xmpp-websocket', { exact: true }));
    await browser.screenshot('host-connect');

    // On a 360 px phone the new pages must not scroll sideways; wide tables scroll inside their box.
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      for (const [link, title] of [
        ['Team', 'Team'],
        ['Settings', 'Account settings'],
      ] as const) {
        await page.getByRole('link', { name: link }).click();
        await shown(heading(page, title));
        await browser.screenshot(`${link.toLowerCase()}-mobile`);
        await assertFitsScreen(page, title);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 860 });
    }
    assert.deepEqual(browser.problems, []);
  });
});
