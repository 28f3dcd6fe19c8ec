/**
 * "Why can't Anna sign in?" for one member, over the API: her connected sessions, "sign out
 * everywhere" (a real @xmpp/client gets the stream error and goes offline), and a single-use,
 * expiring link the customer hands her to choose a password on a public page. Another customer's
 * member looks exactly like a missing one, and nothing of hers changes.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { signInStaff, signUpCustomer, type Actor, type CustomerActor } from './support/actors.js';
import { call } from './support/api-client.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { assertError } from './support/errors.js';
import { where } from './xmpp/element-match.js';
import { authenticateRaw, loginRaw, type RawClient } from './xmpp/raw-client.js';

const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a brand new passphrase';
const DOMAIN = 'help.alpha.test';
const MISSING_HOST = 'host_00000000000000000000000000';

/** Runs the @xmpp/client scenario; resolves `online` once it signed in, `done` with its exit and output. */
function runSignedOutClient(c2sPort: number, caFile: string) {
  const script = path.join(import.meta.dirname, 'xmpp', 'xmpp-client-signed-out-scenario.ts');
  const child = spawn(
    process.execPath,
    ['--no-warnings', '--import', 'tsx', script, `xmpp://127.0.0.1:${c2sPort}`, DOMAIN, PASSWORD],
    { env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  let markOnline: () => void;
  const online = new Promise<void>((resolve) => (markOnline = resolve));
  child.stdout.on('data', (data: Buffer) => {
    output += data.toString();
    if (output.includes('ONLINE ')) markOnline();
  });
  child.stderr.on('data', (data: Buffer) => (output += data.toString()));
  const done = new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('close', (code) => {
      markOnline();
      resolve({ code, output });
    }),
  );
  return { online, done };
}

for (const dialect of testDialects()) {
  describe(`member sign-in troubleshooting (${dialect})`, () => {
    let t: TestApp;
    let alpha: CustomerActor;
    let beta: CustomerActor;
    let staff: Actor;
    let hostId: string;
    let c2sPort: number;
    let ca: string;
    let caFile: string;
    const clients: RawClient[] = [];

    const sessionsOf = async (who: Actor) => {
      const response = await call(t, who, 'GET', `/hosts/${hostId}/members/alice/sessions`);
      assert.equal(response.statusCode, 200, response.body);
      return response.json().items as {
        resource: string;
        client: string | null;
        address: string;
        since: string;
      }[];
    };
    const signIn = async (resource: string, password = PASSWORD) => {
      const client = await loginRaw(c2sPort, DOMAIN, 'alice', password, ca, resource);
      clients.push(client);
      return client;
    };
    const makeLink = async (body: object = {}) => {
      const made = await call(t, alpha, 'POST', `/hosts/${hostId}/members/alice/reset-links`, body);
      assert.equal(made.statusCode, 201, made.body);
      const { url, expiresAt } = made.json() as { url: string; expiresAt: string };
      const parsed = new URL(url);
      assert.equal(parsed.origin + parsed.pathname, 'http://imhost.test/member-password');
      return { token: parsed.searchParams.get('token')!, expiresAt };
    };

    before(async () => {
      t = await startTestApp(dialect);
      ({ c2sPort } = await t.xmpp.start());
      alpha = await signUpCustomer(t, { organization: 'Alpha' });
      beta = await signUpCustomer(t, { organization: 'Beta' });
      staff = await signInStaff(t, 'support');
      hostId = (await call(t, alpha, 'POST', '/hosts', { domain: DOMAIN })).json().id;
      await call(t, alpha, 'POST', `/hosts/${hostId}/members`, { username: 'alice', password: PASSWORD });
      await call(t, alpha, 'POST', `/hosts/${hostId}/members`, { username: 'bob', password: PASSWORD });
      await call(t, beta, 'POST', '/hosts', { domain: 'help.beta.test' });
      ca = (await t.xmpp.certificates.ensure(DOMAIN)).certPem;
      caFile = path.join(t.database.dataDir, 'ca.pem');
      writeFileSync(caFile, ca);
    });
    after(async () => {
      for (const client of clients) client.close();
      await t.close();
    });

    it("lists the member's sessions: resource, app, address and since when", async () => {
      assert.deepEqual(await sessionsOf(alpha), []);
      await signIn('laptop');
      t.clock.advance(60_000);
      await signIn('Conversations.Xy7Q');
      const sessions = await sessionsOf(alpha);
      assert.deepEqual(sessions, [
        { resource: 'laptop', client: null, address: '127.0.0.1', since: '2026-01-15T10:00:00.000Z' },
        {
          resource: 'Conversations.Xy7Q',
          client: 'Conversations',
          address: '127.0.0.1',
          since: '2026-01-15T10:01:00.000Z',
        },
      ]);
      assert.deepEqual(await sessionsOf(staff), sessions);
      const unknown = await call(t, alpha, 'GET', `/hosts/${hostId}/members/nobody/sessions`);
      assertError(unknown, 404, 'member_not_found');
    });

    it("lists the member's recent failed sign-ins with their reasons, newest first", async () => {
      const failures = async () => {
        const response = await call(t, alpha, 'GET', `/hosts/${hostId}/members/bob/failed-logins`);
        assert.equal(response.statusCode, 200, response.body);
        return (response.json() as { items: { at: string; reason: string }[] }).items;
      };
      assert.deepEqual(await failures(), []);
      await assert.rejects(authenticateRaw(c2sPort, DOMAIN, 'bob', 'not his password', ca), /not-authorized/);
      t.clock.advance(60_000);
      const disabled = await call(t, alpha, 'PATCH', `/hosts/${hostId}/members/bob`, { status: 'disabled' });
      assert.equal(disabled.statusCode, 200, disabled.body);
      await assert.rejects(authenticateRaw(c2sPort, DOMAIN, 'bob', PASSWORD, ca), /SASL failed/);
      await call(t, alpha, 'PATCH', `/hosts/${hostId}/members/bob`, { status: 'active' });
      await t.xmpp.flushActivity({ all: true });
      assert.deepEqual(await failures(), [
        { at: '2026-01-15T10:02:00.000Z', reason: 'disabled' },
        { at: '2026-01-15T10:01:00.000Z', reason: 'wrong_password' },
      ]);
      const unknown = await call(t, alpha, 'GET', `/hosts/${hostId}/members/nobody/failed-logins`);
      assertError(unknown, 404, 'member_not_found');
    });

    it("answers another customer exactly as for a missing host, and touches nothing of alpha's", async () => {
      const requests = [
        ['GET', `/hosts/${hostId}/members/alice/sessions`, undefined],
        ['DELETE', `/hosts/${hostId}/members/alice/sessions`, undefined],
        ['POST', `/hosts/${hostId}/members/alice/reset-links`, {}],
        ['GET', `/hosts/${hostId}/members/alice/failed-logins`, undefined],
      ] as const;
      for (const [method, url, body] of requests) {
        const foreign = await call(t, beta, method, url, body);
        const missing = await call(t, beta, method, url.replace(hostId, MISSING_HOST), body);
        assert.equal(foreign.statusCode, 404, `${method} ${url}: ${foreign.body}`);
        assert.deepEqual(foreign.json(), missing.json(), `${method} ${url} reveals nothing`);
        assertError(foreign, 404, 'host_not_found');
      }
      assert.equal((await sessionsOf(alpha)).length, 2, 'the sessions are still there');
      const links = await t.database.db.selectFrom('member_reset_links').selectAll().execute();
      assert.deepEqual(links, [], 'no link was made');
    });

    it('signs the member out everywhere, each client told why', async () => {
      const [laptop, phone] = clients as [RawClient, RawClient];
      const bob = await loginRaw(c2sPort, DOMAIN, 'bob', PASSWORD, ca, 'desk');
      clients.push(bob);
      const marks = [laptop.mark(), phone.mark()];
      const ended = await call(t, alpha, 'DELETE', `/hosts/${hostId}/members/alice/sessions`);
      assert.equal(ended.statusCode, 200, ended.body);
      assert.deepEqual(ended.json(), { ended: 2 });
      for (const [index, client] of [laptop, phone].entries()) {
        const error = await client.waitFor(
          where('stream error', (e) => e.name === 'stream:error'),
          {
            since: marks[index],
          },
        );
        assert.ok(error.getChild('policy-violation'), error.toString());
        assert.match(error.toString(), /signed out from the dashboard/);
        await client.waitClosed();
      }
      assert.deepEqual(await sessionsOf(alpha), []);
      const bobSessions = await call(t, alpha, 'GET', `/hosts/${hostId}/members/bob/sessions`);
      assert.equal(bobSessions.json().items.length, 1, "bob's session is untouched");

      const audit = await call(t, alpha, 'GET', '/audit?limit=5');
      assert.ok(
        audit.json().items.some((event: { action: string }) => event.action === 'member.sign_out_everywhere'),
        audit.body,
      );
    });

    it('signs out a real @xmpp/client, which shows the reason and goes offline', async () => {
      const run = runSignedOutClient(c2sPort, caFile);
      await run.online;
      const ended = await call(t, staff, 'DELETE', `/hosts/${hostId}/members/alice/sessions`);
      assert.equal(ended.statusCode, 200, ended.body);
      const { code, output } = await run.done;
      assert.equal(code, 0, output);
      assert.match(output, /STREAM-ERROR policy-violation: You were signed out from the dashboard\./);
      assert.match(output, /OFFLINE/);
      assert.deepEqual(ended.json(), { ended: 1 });
    });

    it('lets the member choose a password from the link once, and never again', async () => {
      const { token, expiresAt } = await makeLink();
      assert.equal(expiresAt, new Date(t.clock.nowMs() + 24 * 3_600_000).toISOString());
      const lookup = await call(t, null, 'POST', '/member-password-reset/lookup', { token });
      assert.equal(lookup.statusCode, 200, lookup.body);
      assert.deepEqual(lookup.json(), { jid: `alice@${DOMAIN}` });

      const confirmed = await call(t, null, 'POST', '/member-password-reset/confirm', {
        token,
        password: NEW_PASSWORD,
      });
      assert.equal(confirmed.statusCode, 200, confirmed.body);
      assert.deepEqual(confirmed.json(), { jid: `alice@${DOMAIN}` });
      await signIn('after-reset', NEW_PASSWORD);
      await assert.rejects(authenticateRaw(c2sPort, DOMAIN, 'alice', PASSWORD, ca), /SASL failed/);

      assertError(
        await call(t, null, 'POST', '/member-password-reset/confirm', {
          token,
          password: 'yet another passphrase',
        }),
        410,
        'member_reset_link_invalid',
      );
      assertError(
        await call(t, null, 'POST', '/member-password-reset/lookup', { token }),
        410,
        'member_reset_link_invalid',
      );
      await signIn('still-new', NEW_PASSWORD);
    });

    it('expires the link, and a newer link replaces an unused older one', async () => {
      const short = await makeLink({ validHours: 1 });
      t.clock.advance(3_600_000);
      assertError(
        await call(t, null, 'POST', '/member-password-reset/confirm', {
          token: short.token,
          password: PASSWORD,
        }),
        410,
        'member_reset_link_invalid',
      );
      const older = await makeLink();
      const newer = await makeLink();
      assertError(
        await call(t, null, 'POST', '/member-password-reset/lookup', { token: older.token }),
        410,
        'member_reset_link_invalid',
      );
      const weak = await call(t, null, 'POST', '/member-password-reset/confirm', {
        token: newer.token,
        password: 'short',
      });
      assert.equal(weak.statusCode, 400, weak.body);
      const lookup = await call(t, null, 'POST', '/member-password-reset/lookup', { token: newer.token });
      assert.equal(lookup.statusCode, 200, 'a refused password does not spend the link');
      assertError(
        await call(t, alpha, 'POST', `/hosts/${hostId}/members/alice/reset-links`, { validHours: 1000 }),
        400,
        'validation_failed',
      );
    });

    it('makes no link for a disabled member', async () => {
      await call(t, alpha, 'PATCH', `/hosts/${hostId}/members/bob`, { status: 'disabled' });
      assertError(
        await call(t, alpha, 'POST', `/hosts/${hostId}/members/bob/reset-links`, {}),
        409,
        'member_disabled',
      );
    });
  });
}
