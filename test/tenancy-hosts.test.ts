import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { type Actor, signInStaff, signUpCustomer } from './support/actors.js';
import { call } from './support/api-client.js';
import { errorCode } from './support/errors.js';
import { nextEvent, recordEvents } from './support/tenancy-events.js';

for (const dialect of testDialects()) {
  describe(`IM hosts API on ${dialect}`, () => {
    let t: TestApp;
    let acme: Actor;
    let globex: Actor;
    let admin: Actor;

    before(async () => {
      t = await startTestApp(dialect);
      acme = await signUpCustomer(t, { organization: 'Acme' });
      globex = await signUpCustomer(t, { organization: 'Globex' });
      admin = await signInStaff(t, 'admin');
    });
    after(() => t.close());

    it('creates a host, stores an IDN as A-labels and records who did it', async () => {
      const created = nextEvent(t, 'host.created');
      const response = await call(t, acme, 'POST', '/hosts', { domain: 'Bücher.Example.' });
      assert.equal(response.statusCode, 201);
      const host = response.json();
      assert.match(host.id, /^host_/);
      assert.equal(host.domain, 'xn--bcher-kva.example');
      assert.equal(host.displayDomain, 'bücher.example');
      assert.equal(host.status, 'active');
      assert.equal(host.customerId, acme.customerId);
      assert.equal(host.createdAt, t.clock.now().toISOString());
      assert.deepEqual(await created, {
        hostId: host.id,
        domain: 'xn--bcher-kva.example',
        customerId: acme.customerId,
        status: 'active',
      });
      const audit = await t.database.db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'host.create')
        .where('target_id', '=', host.id)
        .executeTakeFirst();
      assert.equal(audit?.customer_id, acme.customerId);
      assert.equal(audit?.actor_type, 'customer');
    });

    it('refuses invalid domains with domain_invalid', async () => {
      for (const domain of [
        '192.0.2.7',
        'localhost',
        '_xmpp.example.org',
        'a..example',
        'chat.example:5222',
        `${'a'.repeat(64)}.org`,
      ]) {
        const response = await call(t, acme, 'POST', '/hosts', { domain });
        assert.equal(response.statusCode, 400, domain);
        assert.equal(errorCode(response), 'domain_invalid', domain);
      }
    });

    it('serves each domain once across all customers, whatever its spelling', async () => {
      assert.equal((await call(t, acme, 'POST', '/hosts', { domain: 'chat.acme.test' })).statusCode, 201);
      for (const [caller, domain] of [
        [acme, 'chat.acme.test'],
        [globex, 'CHAT.acme.test.'],
        [globex, 'BÜCHER.example'],
        [globex, 'xn--bcher-kva.example'],
      ] as const) {
        const response = await call(t, caller, 'POST', '/hosts', { domain });
        assert.equal(response.statusCode, 409, domain);
        assert.equal(errorCode(response), 'domain_taken');
      }
    });

    it('lets exactly one of two racing requests have a domain', async () => {
      const responses = await Promise.all([
        call(t, acme, 'POST', '/hosts', { domain: 'race.example.net' }),
        call(t, globex, 'POST', '/hosts', { domain: 'race.example.net' }),
      ]);
      assert.deepEqual(responses.map((r) => r.statusCode).sort(), [201, 409]);
    });

    it('refuses bad bodies and anonymous or CSRF-less callers', async () => {
      const unknownField = await call(t, acme, 'POST', '/hosts', { domain: 'x.example.com', plan: 'gold' });
      assert.equal(unknownField.statusCode, 400);
      assert.equal(errorCode(unknownField), 'validation_failed');
      assert.equal((await call(t, acme, 'POST', '/hosts', { domain: 42 })).statusCode, 400);
      assert.equal((await call(t, acme, 'POST', '/hosts', {})).statusCode, 400);
      const anonymous = await call(t, null, 'POST', '/hosts', { domain: 'x.example.com' });
      assert.equal(anonymous.statusCode, 401);
      assert.equal((await call(t, null, 'GET', '/hosts')).statusCode, 401);
      const noCsrf = await t.app.inject({
        method: 'POST',
        url: '/api/v1/hosts',
        headers: { cookie: acme.cookie },
        payload: { domain: 'x.example.com' },
      });
      assert.equal(noCsrf.statusCode, 403);
    });

    it('lists a customer’s hosts newest first, page by page', async () => {
      const customer = await signUpCustomer(t, { organization: 'Pager' });
      const ids: string[] = [];
      for (const domain of ['one.pager.test', 'two.pager.test', 'three.pager.test']) {
        ids.push((await call(t, customer, 'POST', '/hosts', { domain })).json().id);
      }
      const first = (await call(t, customer, 'GET', '/hosts?limit=2')).json();
      assert.deepEqual(
        first.items.map((h: { id: string }) => h.id),
        [ids[2], ids[1]],
      );
      assert.ok(first.nextCursor);
      const second = (
        await call(t, customer, 'GET', `/hosts?limit=2&before=${encodeURIComponent(first.nextCursor)}`)
      ).json();
      assert.deepEqual(
        second.items.map((h: { id: string }) => h.id),
        [ids[0]],
      );
      assert.equal(second.nextCursor, null);
      assert.equal((await call(t, customer, 'GET', '/hosts?limit=0')).statusCode, 400);
      assert.equal((await call(t, customer, 'GET', '/hosts?before=%00')).statusCode, 400);
    });

    it('gets one host, and answers 404 host_not_found for an unknown id', async () => {
      const host = (await call(t, acme, 'POST', '/hosts', { domain: 'get.acme.test' })).json();
      const got = await call(t, acme, 'GET', `/hosts/${host.id}`);
      assert.equal(got.statusCode, 200);
      assert.deepEqual(got.json(), {
        ...host,
        entitlements: null,
        memberCount: 0,
        uploadQuotaMb: 100,
        uploadStorageBytes: 0,
      });
      const missing = await call(t, acme, 'GET', '/hosts/host_00000000000000000000000000');
      assert.equal(missing.statusCode, 404);
      assert.equal(errorCode(missing), 'host_not_found');
    });

    it('lets a customer pause and resume its host, but not lift a suspension for non-payment', async () => {
      const host = (await call(t, acme, 'POST', '/hosts', { domain: 'pause.acme.test' })).json();
      const changed = nextEvent(t, 'host.status_changed');
      const paused = await call(t, acme, 'PATCH', `/hosts/${host.id}`, { status: 'suspended' });
      assert.equal(paused.statusCode, 200);
      assert.equal(paused.json().status, 'suspended');
      assert.equal(paused.json().statusReason, 'customer');
      assert.deepEqual(await changed, {
        hostId: host.id,
        domain: 'pause.acme.test',
        status: 'suspended',
        statusReason: 'customer',
      });
      assert.equal(
        (await call(t, acme, 'PATCH', `/hosts/${host.id}`, { status: 'active' })).json().status,
        'active',
      );

      const unpaid = await call(t, admin, 'PATCH', `/hosts/${host.id}`, {
        status: 'suspended',
        reason: 'non_payment',
      });
      assert.equal(unpaid.json().statusReason, 'non_payment');
      const resume = await call(t, acme, 'PATCH', `/hosts/${host.id}`, { status: 'active' });
      assert.equal(resume.statusCode, 403);
      assert.equal(errorCode(resume), 'forbidden');
      for (const body of [{ status: 'terminated' }, { status: 'suspended', reason: 'abuse' }]) {
        assert.equal((await call(t, acme, 'PATCH', `/hosts/${host.id}`, body)).statusCode, 403);
      }
      assert.equal((await call(t, acme, 'PATCH', `/hosts/${host.id}`, { status: 'paused' })).statusCode, 400);
      assert.equal(
        (await call(t, acme, 'PATCH', `/hosts/${host.id}`, { status: 'active', note: 'x' })).statusCode,
        400,
      );
      assert.equal(
        (await call(t, admin, 'PATCH', `/hosts/${host.id}`, { status: 'active' })).json().status,
        'active',
      );
    });

    it('emits no event when a status request changes nothing', async () => {
      const host = (await call(t, acme, 'POST', '/hosts', { domain: 'same.acme.test' })).json();
      const seen = recordEvents(t, ['host.status_changed']);
      assert.equal((await call(t, acme, 'PATCH', `/hosts/${host.id}`, { status: 'active' })).statusCode, 200);
      assert.deepEqual(seen, []);
    });

    it('deletes a host with its members and frees the domain', async () => {
      const host = (await call(t, acme, 'POST', '/hosts', { domain: 'gone.acme.test' })).json();
      await call(t, acme, 'POST', `/hosts/${host.id}/members`, {
        username: 'alice',
        password: 'a long passphrase',
      });
      const deleted = nextEvent(t, 'host.deleted');
      const response = await call(t, acme, 'DELETE', `/hosts/${host.id}`);
      assert.equal(response.statusCode, 204);
      assert.deepEqual(await deleted, { hostId: host.id, domain: 'gone.acme.test' });
      assert.equal((await call(t, acme, 'GET', `/hosts/${host.id}`)).statusCode, 404);
      assert.equal((await call(t, acme, 'DELETE', `/hosts/${host.id}`)).statusCode, 404);
      const members = await t.database.db
        .selectFrom('members')
        .select('id')
        .where('host_id', '=', host.id)
        .execute();
      assert.deepEqual(members, []);
      assert.equal((await call(t, globex, 'POST', '/hosts', { domain: 'gone.acme.test' })).statusCode, 201);
    });

    it('lets staff list, search, read, suspend and delete every customer’s hosts', async () => {
      const host = (await call(t, globex, 'POST', '/hosts', { domain: 'staff.globex.test' })).json();
      const listed = await call(t, admin, 'GET', '/admin/hosts?limit=200');
      assert.equal(listed.statusCode, 200);
      const items = listed.json().items as Array<{ id: string; customerId: string; customerName: string }>;
      assert.ok(items.some((h) => h.customerId === acme.customerId));
      assert.deepEqual(
        items.filter((h) => h.id === host.id).map((h) => h.customerName),
        ['Globex'],
      );
      const search = (await call(t, admin, 'GET', '/admin/hosts?q=STAFF.globex')).json();
      assert.deepEqual(
        search.items.map((h: { id: string }) => h.id),
        [host.id],
      );
      const unicode = (await call(t, admin, 'GET', `/admin/hosts?q=${encodeURIComponent('bücher')}`)).json();
      assert.deepEqual(
        unicode.items.map((h: { domain: string }) => h.domain),
        ['xn--bcher-kva.example'],
      );
      const wildcard = (await call(t, admin, 'GET', '/admin/hosts?q=%25')).json();
      assert.deepEqual(wildcard.items, [], 'LIKE wildcards are searched literally');

      assert.equal((await call(t, admin, 'GET', `/hosts/${host.id}`)).json().domain, 'staff.globex.test');
      const suspended = await call(t, admin, 'PATCH', `/hosts/${host.id}`, { status: 'suspended' });
      assert.deepEqual([suspended.json().status, suspended.json().statusReason], ['suspended', 'staff']);
      const audit = await t.database.db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'host.update_status')
        .where('target_id', '=', host.id)
        .executeTakeFirst();
      assert.equal(audit?.actor_type, 'staff');
      assert.equal(audit?.customer_id, globex.customerId, 'the customer sees staff actions on its host');
      assert.equal((await call(t, admin, 'DELETE', `/hosts/${host.id}`)).statusCode, 204);
    });

    it('keeps customers out of the staff list and staff roles to their jobs', async () => {
      const forCustomer = await call(t, acme, 'GET', '/admin/hosts');
      assert.equal(forCustomer.statusCode, 403);
      assert.equal((await call(t, admin, 'POST', '/hosts', { domain: 'staff.example.org' })).statusCode, 403);
      const host = (await call(t, acme, 'POST', '/hosts', { domain: 'roles.acme.test' })).json();
      const billing = await signInStaff(t, 'billing');
      const support = await signInStaff(t, 'support');
      assert.equal((await call(t, billing, 'GET', `/hosts/${host.id}`)).statusCode, 200);
      assert.equal(
        (await call(t, billing, 'PATCH', `/hosts/${host.id}`, { status: 'suspended', reason: 'non_payment' }))
          .statusCode,
        200,
      );
      assert.equal((await call(t, billing, 'DELETE', `/hosts/${host.id}`)).statusCode, 403);
      assert.equal((await call(t, support, 'DELETE', `/hosts/${host.id}`)).statusCode, 403);
      assert.equal((await call(t, acme, 'GET', `/hosts/${host.id}`)).json().status, 'suspended');
    });

    it('counts hosts by status in /metrics', async () => {
      const host = (await call(t, globex, 'POST', '/hosts', { domain: 'metrics.globex.test' })).json();
      await call(t, admin, 'PATCH', `/hosts/${host.id}`, { status: 'terminated' });
      const expected = await t.database.db
        .selectFrom('hosts')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .where('status', '=', 'terminated')
        .executeTakeFirstOrThrow();
      // The gauge is recounted after each change without blocking the request; wait for the recount.
      let text = '';
      for (
        let attempt = 0;
        attempt < 10_000 && !text.includes(`imhost_hosts{status="terminated"} ${Number(expected.count)}`);
        attempt++
      ) {
        await new Promise((resolve) => setImmediate(resolve));
        text = await t.ctx.platform.metrics.render();
      }
      assert.match(text, new RegExp(`imhost_hosts\\{status="terminated"\\} ${Number(expected.count)}\\n`));
    });
  });
}
