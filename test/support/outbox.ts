/** Readers of the mail outbox (the platform mailer's list), for tests that follow mailed links. */
import assert from 'node:assert/strict';
import type { TestApp } from './app.js';

/** Every mail in the outbox to this address, newest first. */
export async function outboxTo(t: TestApp, address: string) {
  const page = await t.ctx.platform.mailer.list({ limit: 200 });
  return page.items.filter((mail) => mail.recipients.includes(address));
}

/**
 * The newest link to IMHOST_PUBLIC_URL mailed to `to` whose path is `path` (with `subject`: only in a
 * mail of that subject), as path and query: the test server listens on another origin.
 */
export async function mailedLink(t: TestApp, to: string, match: { path?: string; subject?: string }) {
  for (const mail of await outboxTo(t, to)) {
    if (match.subject !== undefined && mail.subject !== match.subject) continue;
    for (const found of mail.text.matchAll(/https?:\/\/\S+/g)) {
      const url = new URL(found[0].replace(/[.,;:!?)]+$/, ''));
      if (match.path === undefined || url.pathname === match.path) return url.pathname + url.search;
    }
  }
  assert.fail(`no mail to ${to} with a link ${JSON.stringify(match)} in the outbox`);
}

/** The token of the newest link to `path` mailed to `to`. */
export async function mailedToken(t: TestApp, to: string, path: string): Promise<string> {
  const link = await mailedLink(t, to, { path });
  const token = new URL(link, 'http://imhost.test').searchParams.get('token');
  assert.ok(token, `the ${path} link mailed to ${to} has no token`);
  return token;
}
