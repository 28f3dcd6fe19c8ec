import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import type { TestApp } from '../support/app.js';
import {
  assertFitsScreen,
  customerWithHost,
  gone,
  heading,
  openDashboard,
  shown,
  signUp,
  submitSignIn,
  type Browser,
} from '../support/browser.js';
import { mailedLink } from '../support/outbox.js';

/** The code an authenticator app would show at the server's (simulated) time. */
function totpCode(t: TestApp, secret: string): string {
  const totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
  return totp.generate({ timestamp: t.clock.nowMs() });
}

const apiCustomerPassword = 'orbital-mechanics-1962';

describe('dashboard journeys in chromium', () => {
  let t: TestApp;
  let browser: Browser;
  openDashboard({}, (opened) => ({ t, browser } = opened));

  beforeEach(async () => {
    // Every journey starts signed out, as a new visitor.
    await browser.context.clearCookies();
  });

  test('sign up, verify the email, create a host, add a member, sign out and in again', async () => {
    const { page } = browser;
    const email = 'ada@example.org';
    const password = 'analytical-engine-1843';

    await page.goto('/signup');
    await shown(heading(page, 'Create your account'));
    await page.getByRole('button', { name: 'Create account' }).click();
    await shown(page.getByText('Some fields need attention.'));
    const nameInput = page.getByLabel('Your name');
    assert.equal(await nameInput.getAttribute('aria-invalid'), 'true');
    await shown(page.getByText('This field is required.').first());
    await browser.screenshot('signup-errors');
    await page.getByLabel('Your name').fill('Ada Lovelace');
    await page.getByLabel('Organisation').fill('Analytical Engines Ltd');
    await page.getByLabel('Work email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await browser.screenshot('signup');
    await page.getByRole('button', { name: 'Create account' }).click();

    await shown(heading(page, 'IM hosts'));
    await shown(page.getByText('Please verify your email address.'));
    await shown(page.getByText('No hosts yet'));
    await browser.screenshot('hosts-empty');

    await page.goto(await mailedLink(t, email, { subject: 'Confirm your email address' }));
    await shown(page.getByText('Your email address is verified.'));
    await page.getByRole('link', { name: 'Go to the dashboard' }).click();
    await shown(heading(page, 'IM hosts'));
    await gone(page.getByText('Please verify your email address.'));

    await page.getByLabel('Domain').fill('chat.example.org');
    await page.getByRole('button', { name: 'Add host' }).click();
    await shown(heading(page, 'chat.example.org'));
    await shown(page.getByRole('heading', { name: 'Client settings' }));
    await shown(page.getByText('No members yet'));
    const limits = page.getByRole('region', { name: 'Plan limits' });
    await shown(limits.getByText('This host has no plan: members and message archives are not limited'));
    await shown(limits.getByText('0 bytes of 100 MB used'));

    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Display name (optional)').fill('Alice Liddell');
    await page.getByLabel('Password', { exact: true }).fill('looking-glass-1871');
    await page.getByRole('button', { name: 'Add member' }).click();
    await shown(page.getByText('alice@chat.example.org can now sign in.'));
    const row = page.getByRole('row', { name: /Alice Liddell/ });
    const rowText = await (await shown(row)).innerText();
    assert.match(rowText, /alice@chat\.example\.org/);
    assert.match(rowText, /active/);
    assert.match(rowText, /Never/);
    await browser.screenshot('host-detail');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await shown(heading(page, 'Sign in'));
    await page.goto('/hosts');
    await shown(heading(page, 'Sign in'));

    await browser.screenshot('signin');
    // Keyboard only: type, Tab to the password, Enter submits.
    await page.getByLabel('Email').focus();
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await shown(heading(page, 'IM hosts'));
    await page.getByRole('link', { name: 'chat.example.org' }).click();
    await shown(page.getByRole('row', { name: /Alice Liddell/ }));
    await page.getByRole('link', { name: 'Hosts', exact: true }).click();
    await shown(page.getByRole('link', { name: 'chat.example.org' }));
    await browser.screenshot('hosts');

    await page.goto('/hosts/host_nobody');
    await shown(page.getByText('There is no such IM host.'));
    await page.goto('/no/such/page');
    await shown(heading(page, 'Page not found'));

    assert.deepEqual(browser.problems, []);
  });

  test('member actions: disable, enable, reset the password and remove', async () => {
    const { page } = browser;
    await signUp(page, {
      name: 'Grace Hopper',
      organization: 'Cobol Works',
      email: 'grace@example.org',
      password: 'nanosecond-wire-1952',
    });
    await page.getByLabel('Domain').fill('im.cobol.example');
    await page.getByRole('button', { name: 'Add host' }).click();
    await shown(heading(page, 'im.cobol.example'));
    await page.getByLabel('Username').fill('bob');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Add member' }).click();
    // The server's rule, shown beside the field it is about.
    await shown(page.getByText('The password must have at least 8 characters.').first());
    await page.getByLabel('Password', { exact: true }).fill('mainframe-lunch-1959');
    await page.getByRole('button', { name: 'Add member' }).click();
    const row = page.getByRole('row', { name: /bob@im\.cobol\.example/ });
    await shown(row);

    await page.getByRole('button', { name: 'Disable bob@im.cobol.example' }).click();
    await shown(page.getByText('bob@im.cobol.example is disabled.'));
    await shown(row.getByText('disabled', { exact: true }));
    await page.getByRole('button', { name: 'Enable bob@im.cobol.example' }).click();
    await shown(page.getByText('bob@im.cobol.example is enabled.'));
    await shown(row.getByText('active', { exact: true }));

    await page.getByRole('button', { name: 'Reset password of bob@im.cobol.example' }).click();
    const resetDialog = page.getByRole('dialog', { name: 'New password for bob@im.cobol.example' });
    await resetDialog.getByLabel('New password').fill('punch-card-deck-1960');
    await resetDialog.getByRole('button', { name: 'Set password' }).click();
    await shown(page.getByText('bob@im.cobol.example has a new password.'));

    await page.getByRole('button', { name: 'Remove bob@im.cobol.example' }).click();
    const removeDialog = page.getByRole('dialog', { name: 'Remove bob@im.cobol.example?' });
    await removeDialog.getByRole('button', { name: 'Remove member' }).click();
    await shown(page.getByText('bob@im.cobol.example was removed.'));
    await shown(page.getByText('No members yet'));

    await page.getByRole('button', { name: 'Suspend host' }).click();
    await shown(page.getByText('The host is suspended; its members cannot sign in.'));
    await shown(page.getByRole('button', { name: 'Resume host' }));

    await page.getByRole('link', { name: 'Activity' }).click();
    await shown(heading(page, 'Activity'));
    await shown(page.getByRole('row', { name: /Member added/ }).first());
    await browser.screenshot('activity');

    // On a 360 px phone the page must not scroll sideways; wide tables scroll inside their box.
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      await page.goBack();
      await shown(heading(page, 'im.cobol.example'));
      await assertFitsScreen(page);
      await browser.screenshot('host-detail-mobile');
    } finally {
      await page.setViewportSize({ width: 1280, height: 860 });
    }
    assert.deepEqual(browser.problems, []);
  });

  test('account settings: an API token shown once, then revoked; two-factor sign-in', async () => {
    const { page, context } = browser;
    const email = 'linus@example.org';
    const password = 'penguin-kernel-1991';
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await signUp(page, { name: 'Linus', organization: 'Kernel Org', email, password });

    await page.getByRole('link', { name: 'Settings' }).click();
    await shown(heading(page, 'Account settings'));
    await page.getByLabel('Token name').fill('Provisioning script');
    await page.getByRole('button', { name: 'Create token' }).click();
    const notice = await shown(page.getByRole('status').filter({ hasText: 'It is shown only once.' }));
    const token = (await notice.locator('code').innerText()).trim();
    await page.getByRole('button', { name: 'Copy token' }).click();
    await shown(page.getByText('Copied'));
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), token);
    const asToken = () =>
      t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    assert.equal((await asToken()).statusCode, 200);
    await browser.screenshot('settings');

    await page.getByRole('button', { name: 'Done' }).click();
    await gone(page.getByText('It is shown only once.'));
    await page.getByRole('button', { name: 'Revoke token Provisioning script' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
    await shown(page.getByText('No API tokens'));
    assert.equal((await asToken()).statusCode, 401);

    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    await shown(page.getByRole('img', { name: 'QR code for your authenticator app' }));
    const secret = (
      await page
        .getByText('Or enter this key by hand:')
        .locator('xpath=following-sibling::div[1]//code')
        .innerText()
    ).trim();
    await browser.screenshot('two-factor-setup');
    await page.getByLabel('Authentication code').fill('000000');
    await page.getByRole('button', { name: 'Turn on' }).click();
    await shown(page.getByText('The authenticator code is wrong.').first());
    await page.getByLabel('Authentication code').fill(totpCode(t, secret));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await shown(page.getByRole('button', { name: 'Turn off' }));

    await page.getByRole('button', { name: 'Sign out' }).click();
    await shown(heading(page, 'Sign in'));
    await submitSignIn(page, email, password);
    await shown(page.getByText('Enter the 6-digit code from your authenticator app.'));
    // A code is accepted once; the next one belongs to the next 30-second step.
    t.clock.advance(30_000);
    await page.getByLabel('Authentication code').fill(totpCode(t, secret));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await shown(heading(page, 'IM hosts'));
    assert.deepEqual(browser.problems, []);
  });

  test('forgot password: the emailed link sets a new password', async () => {
    const { page } = browser;
    const email = 'alan@example.org';
    await customerWithHost(t, {
      password: apiCustomerPassword,
      email,
      organization: 'Bletchley Bombes',
      domain: 'enigma.example.net',
    });

    await page.goto('/login');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await shown(heading(page, 'Reset your password'));
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await shown(page.getByText(`If ${email} belongs to an account, we sent it a link`));

    await page.goto(await mailedLink(t, email, { subject: 'Reset your imhost password' }));
    await shown(heading(page, 'Choose a new password'));
    await page.getByLabel('New password').fill('turing-machine-1936');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await shown(page.getByText('Your password was changed.'));
    await page.getByRole('link', { name: 'Sign in' }).click();
    await submitSignIn(page, email, 'turing-machine-1936');
    await shown(page.getByRole('link', { name: 'enigma.example.net' }));
    assert.deepEqual(browser.problems, []);
  });

  test('a long member list is read page by page with "Load more"', async () => {
    const { page } = browser;
    const email = 'barbara@example.org';
    const { hostId, post } = await customerWithHost(t, {
      password: apiCustomerPassword,
      email,
      organization: 'Clu Language Group',
      domain: 'clu.example.net',
    });
    // One more than the API's default page of 50.
    for (let index = 1; index <= 51; index++) {
      await post(`/hosts/${hostId}/members`, {
        username: `user${String(index).padStart(2, '0')}`,
        password: 'abstract-data-types-1974',
      });
    }
    await page.goto('/login');
    await submitSignIn(page, email, apiCustomerPassword);
    await page.getByRole('link', { name: 'clu.example.net' }).click();
    await shown(heading(page, 'clu.example.net'));
    const rows = page.getByRole('row', { name: /@clu\.example\.net/ });
    await shown(page.getByRole('button', { name: 'Load more' }));
    assert.equal(await rows.count(), 50);
    // Newest first: the first page holds user51 down to user02, the second only user01.
    await gone(page.getByRole('row', { name: /user01@clu\.example\.net/ }));
    await page.getByRole('button', { name: 'Load more' }).click();
    // The button reads "Loading…" while the next page loads; the oldest member's row says it arrived.
    await shown(page.getByRole('row', { name: /user01@clu\.example\.net/ }));
    await gone(page.getByRole('button', { name: /Load more|Loading/ }));
    assert.equal(await rows.count(), 51);
    assert.deepEqual(browser.problems, []);
  });

  test('the host page shows its plan limits as members come and go, without a reload', async () => {
    const { page } = browser;
    const email = 'frances@example.org';
    const { hostId } = await customerWithHost(t, {
      password: apiCustomerPassword,
      email,
      organization: 'Optimising Compilers',
      domain: 'fortran.example.net',
    });
    const customerId = await t.ctx.accounts.findCustomerByUserEmail(email);
    await t.ctx.billing.startSubscription({
      customerId,
      hostId,
      planId: 'plan_team',
      cycle: 'monthly',
      currency: 'EUR',
    });
    await page.goto('/login');
    await submitSignIn(page, email, apiCustomerPassword);
    await page.getByRole('link', { name: 'fortran.example.net' }).click();
    await shown(heading(page, 'fortran.example.net'));
    const members = page.getByRole('region', { name: 'Plan limits' }).getByRole('definition').first();
    await shown(members.getByText('0 of 100', { exact: true }));

    for (const username of ['fran', 'john']) {
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password', { exact: true }).fill('loop-optimisation-1957');
      await page.getByRole('button', { name: 'Add member' }).click();
      await shown(page.getByText(`${username}@fortran.example.net can now sign in.`));
    }
    await shown(members.getByText('2 of 100', { exact: true }));

    await page.getByRole('button', { name: 'Remove john@fortran.example.net' }).click();
    await page
      .getByRole('dialog', { name: 'Remove john@fortran.example.net?' })
      .getByRole('button', { name: 'Remove member' })
      .click();
    await shown(page.getByText('john@fortran.example.net was removed.'));
    await shown(members.getByText('1 of 100', { exact: true }));
    assert.deepEqual(browser.problems, []);
  });

  test('first-run setup, then the staff views: customers, hosts, outbox and audit log', async () => {
    const { page } = browser;
    const customerEmail = 'margaret@example.org';
    await customerWithHost(t, {
      password: apiCustomerPassword,
      email: customerEmail,
      organization: 'Apollo Software',
      domain: 'apollo.example.net',
    });
    await customerWithHost(t, {
      password: apiCustomerPassword,
      email: 'katherine@example.org',
      organization: 'Orbital Maths',
      domain: 'orbit.example.net',
    });

    await page.goto(`/setup?token=${encodeURIComponent(await t.ctx.accounts.createSetupToken())}`);
    await shown(heading(page, 'Set up imhost'));
    await page.getByLabel('Your name').fill('Olive Operator');
    await page.getByLabel('Email').fill('ops@imhost.test');
    await page.getByLabel('Password', { exact: true }).fill('operator-console-2026');
    await browser.screenshot('setup');
    await page.getByRole('button', { name: 'Create administrator' }).click();

    await shown(heading(page, 'Customers'));
    await shown(page.getByRole('row', { name: /Apollo Software/ }));
    await browser.screenshot('staff-customers');

    await page.getByRole('link', { name: 'Outbox' }).click();
    await shown(heading(page, 'Outbox'));
    const mail = page.getByRole('listitem').filter({ hasText: `to ${customerEmail}` });
    await mail.getByText('Confirm your email address', { exact: true }).click();
    await shown(mail.getByRole('link', { name: /\/verify-email\?token=/ }));
    await browser.screenshot('staff-outbox');

    await page.getByRole('link', { name: 'Hosts', exact: true }).click();
    await shown(heading(page, 'All hosts'));
    await shown(page.getByRole('row', { name: /orbit\.example\.net.*Orbital Maths/ }));
    await page.getByLabel('Find by domain').fill('apollo');
    await page.getByRole('button', { name: 'Search' }).click();
    await shown(page.getByRole('row', { name: /apollo\.example\.net.*Apollo Software/ }));
    await gone(page.getByRole('row', { name: /orbit\.example\.net/ }));
    await page.getByRole('link', { name: 'apollo.example.net' }).click();
    await shown(heading(page, 'apollo.example.net'));
    await page.getByRole('link', { name: '← All hosts' }).click();
    await shown(heading(page, 'All hosts'));

    await page.getByRole('link', { name: 'Audit log' }).click();
    await shown(heading(page, 'Audit log'));
    await shown(page.getByRole('row', { name: /First administrator created/ }));
    await browser.screenshot('staff-audit');

    await page.goto('/setup');
    await shown(page.getByText('The first administrator already exists.'));
    assert.deepEqual(browser.problems, []);
  });
});
