/**
 * What a visitor who is not signed in loads: the public pages ask nothing of the session API (no
 * 401 from /api/v1/me in their network log), and the API reference at /api/docs runs under the
 * content security policy without a single violation.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { heading, openDashboard, shown, signIn, type Browser } from '../support/browser.js';

const STAFF = { email: 'docs@imhost.test', password: 'reference-reader-pass' };

describe('dashboard: signed-out pages and the API reference, in chromium', () => {
  let browser: Browser;
  openDashboard(
    {
      async prepare(app) {
        await app.ctx.accounts.createStaff({ ...STAFF, name: 'Docs', role: 'admin' });
      },
    },
    (opened) => ({ browser } = opened),
  );

  function watch() {
    const askedMe: string[] = [];
    const violations: string[] = [];
    const { page } = browser;
    const onRequest = (request: { url(): string }) => {
      if (new URL(request.url()).pathname === '/api/v1/me') askedMe.push(page.url());
    };
    const onConsole = (message: { type(): string; text(): string }) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
        violations.push(message.text());
    };
    page.on('request', onRequest);
    page.on('console', onConsole);
    return {
      askedMe,
      violations,
      stop() {
        page.off('request', onRequest);
        page.off('console', onConsole);
      },
    };
  }

  test('the sign-in, sign-up and password pages do not ask /api/v1/me of a visitor', async () => {
    const { page } = browser;
    const watched = watch();
    await page.goto('/login');
    await shown(heading(page, 'Sign in'));
    await page.goto('/signup');
    await shown(page.getByRole('button', { name: /Create account|Sign up/ }));
    await page.goto('/forgot-password');
    await shown(page.getByRole('button', { name: /reset link|Send/i }));
    // A signed-out visitor of a signed-in page is sent to sign in, still without asking.
    await page.goto('/hosts');
    await shown(heading(page, 'Sign in'));
    watched.stop();
    assert.deepEqual(watched.askedMe, []);
    assert.deepEqual(browser.problems, []);
  });

  test('signing in still finds the session, and signing out forgets it', async () => {
    const { page } = browser;
    await signIn(page, STAFF.email, STAFF.password, 'Customers');
    await page.reload();
    await shown(heading(page, 'Customers'));
    await page.getByRole('button', { name: 'Sign out' }).click();
    await shown(heading(page, 'Sign in'));
    const watched = watch();
    await page.goto('/login');
    await shown(heading(page, 'Sign in'));
    watched.stop();
    assert.deepEqual(watched.askedMe, []);
  });

  test('the API reference loads under the content security policy without a violation', async () => {
    const { page } = browser;
    const watched = watch();
    await page.goto('/api/docs');
    await shown(page.getByRole('heading', { name: /imhost/i }).first());
    // The operations list is virtualised: the first group shows once the document is rendered.
    await shown(page.getByRole('heading', { name: /^health\b/ }));
    watched.stop();
    assert.deepEqual(watched.violations, []);
  });
});
