/**
 * Incidents end to end over the API: staff open one for some hosts (or all), the affected
 * customers, and only they, see it in their banner and get an email when it opens and when it is
 * resolved; the public status page shows it without a host or customer name; tickets opened by an
 * affected customer meanwhile are linked both ways.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CustomerActor } from './support/actors.js';
import { signInStaff, signUpCustomer, uniqueEmail, type Actor } from './support/actors.js';
import { call, postForm } from './support/api-client.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { assertError } from './support/errors.js';
import { outboxTo } from './support/outbox.js';
import { ticketFields } from './support/support-desk.js';

for (const dialect of testDialects()) {
  describe(`incidents (${dialect})`, () => {
    let t: TestApp;
    let staff: Actor;
    let alpha: CustomerActor;
    let beta: CustomerActor;
    let alphaHost: string;
    let alphaOtherHost: string;
    let incidentId: string;

    const openFor = async (hostIds: string[] | null, title: string) => {
      const opened = await call(t, staff, 'POST', '/admin/incidents', {
        title,
        impact: 'major',
        message: 'Logins time out; we are looking into it.',
        hostIds,
      });
      assert.equal(opened.statusCode, 201, opened.body);
      return opened.json();
    };
    const bannerOf = async (who: Actor) => {
      const response = await call(t, who, 'GET', '/incidents/current');
      assert.equal(response.statusCode, 200, response.body);
      return response.json().items as { id: string; title: string; domains: string[]; isAllHosts: boolean }[];
    };
    /** The incident mails to this address, newest first (sign-up sent a verification mail too). */
    const incidentMails = async (who: Actor) =>
      (await outboxTo(t, who.email)).filter((mail) => /^(Service incident|Resolved):/.test(mail.subject));
    const openTicket = async (who: Actor, hostId?: string) => {
      const response = await postForm(
        t,
        who,
        '/tickets',
        ticketFields(hostId ? { hostId, subject: `No login on ${hostId}` } : {}),
      );
      assert.equal(response.statusCode, 201, response.body);
      return response.json().ticket.id as string;
    };

    before(async () => {
      t = await startTestApp(dialect);
      staff = await signInStaff(t, 'support');
      alpha = await signUpCustomer(t, {
        organization: 'Alpha Org',
        email: uniqueEmail('alpha', 'alpha.test'),
      });
      beta = await signUpCustomer(t, { organization: 'Beta Org', email: uniqueEmail('beta', 'beta.test') });
      alphaHost = (await call(t, alpha, 'POST', '/hosts', { domain: 'down.alpha.test' })).json().id;
      alphaOtherHost = (await call(t, alpha, 'POST', '/hosts', { domain: 'fine.alpha.test' })).json().id;
      await call(t, beta, 'POST', '/hosts', { domain: 'chat.beta.test' });
    });
    after(() => t.close());

    it('is opened by staff only, for hosts that exist', async () => {
      const body = { title: 'x', impact: 'minor', message: 'y', hostIds: null };
      assertError(await call(t, alpha, 'POST', '/admin/incidents', body), 403, 'staff_only');
      assertError(await call(t, null, 'POST', '/admin/incidents', body), 401, 'unauthenticated');
      assertError(
        await call(t, staff, 'POST', '/admin/incidents', {
          ...body,
          hostIds: ['host_00000000000000000000000000'],
        }),
        404,
        'host_not_found',
      );
      assert.equal((await call(t, alpha, 'GET', '/admin/incidents')).statusCode, 403);
    });

    it('shows an open incident to the affected customer alone, naming only its own hosts', async () => {
      const incident = await openFor([alphaHost], 'Logins failing on some hosts');
      incidentId = incident.id;
      assert.equal(incident.status, 'investigating');
      assert.deepEqual(incident.hosts, [{ hostId: alphaHost, domain: 'down.alpha.test' }]);

      const banner = await bannerOf(alpha);
      assert.equal(banner.length, 1);
      assert.equal(banner[0]!.title, 'Logins failing on some hosts');
      assert.deepEqual(banner[0]!.domains, ['down.alpha.test']);
      assert.deepEqual(await bannerOf(beta), []);
    });

    it('emails the affected customer when it opens, and nobody else', async () => {
      const [mail, ...more] = await incidentMails(alpha);
      assert.deepEqual(more, []);
      assert.equal(mail!.subject, 'Service incident: Logins failing on some hosts');
      assert.match(mail!.text, /down\.alpha\.test/);
      assert.doesNotMatch(mail!.text, /fine\.alpha\.test/);
      assert.match(mail!.text, /http:\/\/imhost\.test\/status/);
      assert.deepEqual(await incidentMails(beta), []);
    });

    it('shows it on the public status page without hosts or customers', async () => {
      const status = await call(t, null, 'GET', '/status');
      assert.equal(status.statusCode, 200, status.body);
      assert.equal(status.json().state, 'outage');
      assert.equal(status.json().current[0].title, 'Logins failing on some hosts');
      assert.equal(status.json().current[0].updates[0].message, 'Logins time out; we are looking into it.');
      for (const secret of ['alpha.test', 'Alpha Org', alphaHost, alpha.customerId])
        assert.ok(!status.body.includes(secret), `the status page reveals ${secret}`);
    });

    it("links tickets opened by the affected customer, not another customer's", async () => {
      const linked = await openTicket(alpha, alphaHost);
      const aboutOtherHost = await openTicket(alpha, alphaOtherHost);
      const betaTicket = await openTicket(beta);

      const incident = (await call(t, staff, 'GET', `/admin/incidents/${incidentId}`)).json();
      assert.deepEqual(
        incident.tickets.map((ticket: { ticketId: string }) => ticket.ticketId),
        [linked],
      );
      assert.equal(incident.tickets[0].subject, `No login on ${alphaHost}`);
      const ofTicket = (await call(t, staff, 'GET', `/admin/tickets/${linked}/incidents`)).json().items;
      assert.deepEqual(
        ofTicket.map((row: { id: string; title: string }) => [row.id, row.title]),
        [[incidentId, 'Logins failing on some hosts']],
      );
      for (const unlinked of [aboutOtherHost, betaTicket])
        assert.deepEqual(
          (await call(t, staff, 'GET', `/admin/tickets/${unlinked}/incidents`)).json().items,
          [],
        );
      assert.equal((await call(t, alpha, 'GET', `/admin/tickets/${linked}/incidents`)).statusCode, 403);
    });

    it('keeps a timeline of updates, and once resolved drops the banner and emails again', async () => {
      const identified = await call(t, staff, 'POST', `/admin/incidents/${incidentId}/updates`, {
        status: 'identified',
        message: 'A database node is down.',
      });
      assert.equal(identified.statusCode, 200, identified.body);
      t.clock.advance(3_600_000);
      const resolved = await call(t, staff, 'POST', `/admin/incidents/${incidentId}/updates`, {
        status: 'resolved',
        message: 'Logins work again.',
      });
      assert.equal(resolved.statusCode, 200, resolved.body);
      const incident = resolved.json();
      assert.equal(incident.status, 'resolved');
      assert.equal(incident.resolvedAt, '2026-01-15T11:00:00.000Z');
      assert.deepEqual(
        incident.updates.map((update: { status: string }) => update.status),
        ['resolved', 'identified', 'investigating'],
      );

      assert.deepEqual(await bannerOf(alpha), []);
      const [mail] = await incidentMails(alpha);
      assert.equal(mail!.subject, 'Resolved: Logins failing on some hosts');
      assert.match(mail!.text, /Logins work again\./);
      assert.deepEqual(await incidentMails(beta), []);

      const status = (await call(t, null, 'GET', '/status')).json();
      assert.equal(status.state, 'operational');
      assert.deepEqual(status.current, []);
      assert.equal(status.past[0].id, incidentId);

      assertError(
        await call(t, staff, 'POST', `/admin/incidents/${incidentId}/updates`, {
          status: 'monitoring',
          message: 'x',
        }),
        409,
        'incident_resolved',
      );
      assertError(
        await call(t, staff, 'POST', '/admin/incidents/inc_missing/updates', {
          status: 'monitoring',
          message: 'x',
        }),
        404,
        'incident_not_found',
      );
    });

    it('reaches every customer when every host is affected, naming no host', async () => {
      const incident = await openFor(null, 'Everything is slow');
      assert.equal(incident.isAllHosts, true);
      for (const customer of [alpha, beta]) {
        const banner = await bannerOf(customer);
        assert.deepEqual(
          banner.map((row) => [row.title, row.isAllHosts, row.domains]),
          [['Everything is slow', true, []]],
        );
        const [mail] = await incidentMails(customer);
        assert.equal(mail!.subject, 'Service incident: Everything is slow');
        assert.match(mail!.text, /all IM hosts/);
      }
      const betaTicket = await openTicket(beta);
      const ofTicket = (await call(t, staff, 'GET', `/admin/tickets/${betaTicket}/incidents`)).json().items;
      assert.deepEqual(
        ofTicket.map((row: { id: string }) => row.id),
        [incident.id],
      );

      const page = (await call(t, staff, 'GET', '/admin/incidents?limit=1')).json();
      assert.equal(page.items[0].id, incident.id);
      assert.equal(page.nextCursor, incident.id);
      const next = (await call(t, staff, 'GET', `/admin/incidents?limit=1&before=${page.nextCursor}`)).json();
      assert.deepEqual(
        next.items.map((row: { id: string }) => row.id),
        [incidentId],
      );
    });
  });
}
