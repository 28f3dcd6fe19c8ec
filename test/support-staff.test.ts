import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Actor, signInStaff, signUpCustomer } from './support/actors.js';
import { call, postForm } from './support/api-client.js';
import type { TestApp } from './support/app.js';
import { subscribeTeamMonthly } from './support/billing-fixtures.js';
import { testDialects } from './support/databases.js';
import { errorCode } from './support/errors.js';
import { outboxTo } from './support/outbox.js';
import { openSupportDesk, ticketFields } from './support/support-desk.js';

for (const dialect of testDialects()) {
  describe(`support desk (staff side) on ${dialect}`, () => {
    let t: TestApp;
    let alice: Actor;
    let agent: Actor;
    let other: Actor;

    before(async () => {
      ({ t, alice, agent } = await openSupportDesk(
        dialect,
        { IMHOST_SUPPORT_TICKETS_PER_HOUR: '100', IMHOST_SUPPORT_MAX_OPEN_TICKETS: '100' },
        'Agent Smith',
      ));
      other = await signInStaff(t, 'support', 'Agent Jones');
    });
    after(() => t.close());

    async function openTicket(overrides: Record<string, string> = {}): Promise<string> {
      const response = await postForm(t, alice, '/tickets', ticketFields(overrides));
      assert.equal(response.statusCode, 201, response.body);
      return response.json().ticket.id;
    }

    it('customers cannot use the staff routes', async () => {
      const id = await openTicket();
      assert.equal(errorCode(await call(t, alice, 'GET', '/admin/tickets')), 'staff_only');
      assert.equal(errorCode(await call(t, alice, 'GET', `/admin/tickets/${id}`)), 'staff_only');
      assert.equal(
        errorCode(await postForm(t, alice, `/admin/tickets/${id}/notes`, { body: 'x' })),
        'staff_only',
      );
      assert.equal(
        errorCode(await call(t, alice, 'PATCH', `/admin/tickets/${id}`, { status: 'closed' })),
        'staff_only',
      );
    });

    it('notifies agents of a new ticket; a reply reaches the customer, an internal note never does', async () => {
      const id = await openTicket({ subject: 'Note test' });
      assert.ok(
        (await outboxTo(t, agent.email)).some((m) => m.subject.includes(id)),
        'agents hear of new tickets',
      );

      const before = (await outboxTo(t, alice.email)).length;
      const note = await postForm(t, agent, `/admin/tickets/${id}/notes`, {
        body: 'SECRET-NOTE: customer is on the legacy cluster',
      });
      assert.equal(note.statusCode, 201, note.body);
      assert.ok(note.json().messages.some((m: { isInternal: boolean }) => m.isInternal));
      assert.equal(note.json().ticket.status, 'open', 'a note leaves the status alone');
      assert.equal((await outboxTo(t, alice.email)).length, before, 'no mail for a note');

      const replied = await postForm(t, agent, `/admin/tickets/${id}/replies`, {
        body: 'Please restart the **server**.',
      });
      assert.equal(replied.statusCode, 201, replied.body);
      const ticket = replied.json().ticket;
      assert.equal(ticket.status, 'waiting_on_customer');
      assert.equal(ticket.assigneeId, agent.userId, 'answering claims the ticket');
      assert.equal(ticket.sla.firstResponse.state, 'met');
      assert.equal(ticket.sla.resolution.state, 'paused');

      const customerView = await call(t, alice, 'GET', `/tickets/${id}`);
      assert.ok(!customerView.body.includes('SECRET-NOTE'), 'the customer never sees the note');
      assert.ok(customerView.json().messages.some((m: { body: string }) => m.body.includes('restart')));
      const mails = await outboxTo(t, alice.email);
      assert.equal(mails.length, before + 1);
      const last = mails.find((m) => m.subject.startsWith('Re: '));
      assert.ok(last?.text.includes('Please restart the **server**.'));
      for (const mail of [...mails, ...(await outboxTo(t, agent.email))])
        assert.ok(!mail.text.includes('SECRET-NOTE'));
    });

    it("serves a note's attachment to staff only, and the customer's attachments to staff too", async () => {
      const created = await postForm(t, alice, '/tickets', ticketFields(), [
        { name: 'c.log', data: Buffer.from('customer log\n') },
      ]);
      const id = created.json().ticket.id;
      const customerFile = (created.json().messages[0].attachments[0].url as string).replace('/api/v1', '');
      assert.equal((await call(t, agent, 'GET', customerFile)).body, 'customer log\n');
      const note = await postForm(t, agent, `/admin/tickets/${id}/notes`, { body: 'internal dump' }, [
        { name: 'dump.log', data: Buffer.from('NOTE-FILE\n') },
      ]);
      const noteMessage = note.json().messages.find((m: { isInternal: boolean }) => m.isInternal);
      const noteFile = (noteMessage.attachments[0].url as string).replace('/api/v1', '');
      assert.equal((await call(t, agent, 'GET', noteFile)).statusCode, 200);
      const leaked = await call(t, alice, 'GET', noteFile);
      assert.equal(leaked.statusCode, 404);
      assert.equal(errorCode(leaked), 'attachment_not_found');
      assert.ok(!(await call(t, alice, 'GET', `/tickets/${id}`)).body.includes('dump.log'));
    });

    it('filters and searches the queue', async () => {
      const urgent = await openTicket({ subject: 'Federation with xmpp.example broken', priority: 'urgent' });
      const billing = await openTicket({ subject: 'Double charge', departmentId: 'dep_billing' });
      const ids = async (query: string) =>
        (await call(t, agent, 'GET', `/admin/tickets?${query}`))
          .json()
          .items.map((i: { id: string }) => i.id);
      assert.ok((await ids('priority=urgent')).includes(urgent));
      assert.ok(!(await ids('priority=urgent')).includes(billing));
      assert.deepEqual(await ids('departmentId=dep_billing'), [billing]);
      assert.deepEqual(await ids('q=FEDERATION%20example'), [urgent]);
      assert.deepEqual(await ids('q=100%25'), [], 'LIKE wildcards are matched literally');
      assert.ok((await ids('assignee=none')).includes(urgent));
      assert.ok((await ids('status=open&status=in_progress')).includes(billing));
      const page = (await call(t, agent, 'GET', '/admin/tickets?limit=1')).json();
      assert.equal(page.items.length, 1);
      assert.ok(page.nextCursor);
    });

    it('assigns, changes status, priority and department, and warns about a second viewer', async () => {
      const id = await openTicket();
      const first = (await call(t, agent, 'GET', `/admin/tickets/${id}`)).json();
      assert.deepEqual(first.otherViewers, []);
      const second = (await call(t, other, 'GET', `/admin/tickets/${id}`)).json();
      assert.deepEqual(
        second.otherViewers.map((v: { name: string }) => v.name),
        ['Agent Smith'],
      );
      t.clock.advance(3 * 60_000);
      assert.deepEqual(
        (await call(t, other, 'POST', `/admin/tickets/${id}/viewing`)).json().otherViewers,
        [],
        'old views expire',
      );

      const assigned = await call(t, agent, 'PATCH', `/admin/tickets/${id}`, {
        assigneeId: other.userId,
        priority: 'high',
        departmentId: 'dep_sales',
        status: 'in_progress',
      });
      assert.equal(assigned.statusCode, 200, assigned.body);
      const ticket = assigned.json().ticket;
      assert.equal(ticket.assigneeId, other.userId);
      assert.equal(ticket.priority, 'high');
      assert.equal(ticket.department.name, 'Sales');
      assert.equal(ticket.status, 'in_progress');
      assert.equal(
        errorCode(await call(t, agent, 'PATCH', `/admin/tickets/${id}`, { assigneeId: alice.userId })),
        'assignee_not_staff',
      );
      assert.equal(
        errorCode(await call(t, agent, 'PATCH', `/admin/tickets/${id}`, { status: 'merged' })),
        'validation_failed',
      );
      const unassigned = await call(t, agent, 'PATCH', `/admin/tickets/${id}`, { assigneeId: null });
      assert.equal(unassigned.json().ticket.assigneeId, null);
      const history = unassigned
        .json()
        .messages.filter(
          (m: { isInternal: boolean; authorKind: string }) => m.isInternal && m.authorKind === 'system',
        );
      assert.deepEqual(
        history.map((m: { body: string }) => m.body),
        [
          'Agent Smith changed: department Technical → Sales; assigned to Agent Jones; priority normal → high.',
          'Agent Smith changed: unassigned.',
        ],
      );
      assert.ok(
        !(await call(t, alice, 'GET', `/tickets/${id}`)).body.includes('Agent Jones'),
        'field history is internal',
      );

      const resolved = await call(t, agent, 'PATCH', `/admin/tickets/${id}`, { status: 'resolved' });
      assert.equal(resolved.json().ticket.status, 'resolved');
      const notice = (await outboxTo(t, alice.email)).find(
        (m) => m.subject === `Resolved: [${id}] Clients cannot log in`,
      );
      assert.ok(notice?.text.includes('Rate this ticket'), 'resolving asks for a rating');
    });

    it('fills canned responses with the customer and host', async () => {
      const host = await call(t, alice, 'POST', '/hosts', { domain: 'chat.alice.test' });
      assert.equal(host.statusCode, 201, host.body);
      const id = await openTicket({ hostId: host.json().id });
      const canned = await call(t, agent, 'POST', '/admin/support/canned-responses', {
        title: 'Restart',
        body: 'Hi {customer.name}, we restarted {host.domain}. {agent.name}',
      });
      assert.equal(canned.statusCode, 201, canned.body);
      const rendered = await call(
        t,
        agent,
        'GET',
        `/admin/tickets/${id}/canned-responses/${canned.json().id}`,
      );
      assert.equal(rendered.json().body, 'Hi Alice, we restarted chat.alice.test. Agent Smith');
      assert.equal((await call(t, agent, 'GET', '/admin/support/canned-responses')).json().items.length, 1);
      const changed = await call(t, agent, 'PATCH', `/admin/support/canned-responses/${canned.json().id}`, {
        title: 'Restarted',
      });
      assert.equal(changed.json().title, 'Restarted');
      assert.equal(
        (await call(t, agent, 'DELETE', `/admin/support/canned-responses/${canned.json().id}`)).statusCode,
        204,
      );
      assert.equal(
        errorCode(await call(t, agent, 'DELETE', `/admin/support/canned-responses/${canned.json().id}`)),
        'canned_response_not_found',
      );
    });

    it('shows the context panel with the customer hosts and their invoices', async () => {
      const id = await openTicket();
      const context = await call(t, agent, 'GET', `/admin/tickets/${id}/context`);
      assert.equal(context.statusCode, 200, context.body);
      assert.equal(context.json().customer.name, 'Alice Ltd');
      assert.ok(context.json().hosts.some((h: { domain: string }) => h.domain === 'chat.alice.test'));
      assert.equal(context.json().billingAvailable, true);
      assert.ok(Array.isArray(context.json().recentInvoices));
      assert.ok(context.json().otherTickets.length > 0);
    });

    it('merges a duplicate into the surviving ticket, only within one customer', async () => {
      const keep = await openTicket({ subject: 'Keep me' });
      const dup = await openTicket({ subject: 'Duplicate' });
      const merged = await call(t, agent, 'POST', `/admin/tickets/${dup}/merge`, { targetTicketId: keep });
      assert.equal(merged.statusCode, 200, merged.body);
      assert.equal(merged.json().ticket.id, keep);
      assert.equal(
        merged.json().messages.filter((m: { authorKind: string }) => m.authorKind === 'customer').length,
        2,
      );
      const source = (await call(t, alice, 'GET', `/tickets/${dup}`)).json().ticket;
      assert.equal(source.status, 'merged');
      assert.equal(source.mergedIntoId, keep);
      assert.equal(
        errorCode(await call(t, agent, 'POST', `/admin/tickets/${dup}/merge`, { targetTicketId: keep })),
        'ticket_merge_invalid',
      );

      const bob = await signUpCustomer(t, { name: 'Bob', organization: 'Bob Ltd' });
      const bobs = (await postForm(t, bob, '/tickets', ticketFields())).json().ticket.id;
      assert.equal(
        errorCode(await call(t, agent, 'POST', `/admin/tickets/${bobs}/merge`, { targetTicketId: keep })),
        'ticket_merge_invalid',
      );
    });

    it('lets staff edit departments and SLA targets', async () => {
      const created = await call(t, agent, 'POST', '/admin/support/departments', { name: 'Migrations' });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(
        errorCode(await call(t, agent, 'POST', '/admin/support/departments', { name: 'Migrations' })),
        'department_name_taken',
      );
      const offered = async () =>
        (await call(t, alice, 'GET', '/support/departments'))
          .json()
          .items.map((d: { name: string }) => d.name);
      assert.ok((await offered()).includes('Migrations'));
      await call(t, agent, 'PATCH', `/admin/support/departments/${created.json().id}`, { isActive: false });
      const all = (await call(t, agent, 'GET', '/admin/support/departments')).json().items;
      assert.deepEqual(
        all.find((d: { name: string }) => d.name === 'Migrations'),
        { id: created.json().id, name: 'Migrations', isActive: false },
        'staff still see inactive departments',
      );
      const billingAgent = await signInStaff(t, 'billing', 'Billing Bea');
      assert.equal(
        errorCode(await call(t, billingAgent, 'POST', '/admin/support/departments', { name: 'Other' })),
        'forbidden',
      );
      assert.equal(
        (await call(t, billingAgent, 'GET', '/admin/support/sla-targets'))
          .json()
          .items.map((i: { priority: string }) => i.priority)
          .join(),
        'low,normal,high,urgent',
      );
      assert.ok(!(await offered()).includes('Migrations'));
      assert.equal(
        errorCode(await postForm(t, alice, '/tickets', ticketFields({ departmentId: created.json().id }))),
        'department_not_found',
      );

      const set = await call(t, agent, 'PUT', '/admin/support/sla-targets', {
        items: [{ priority: 'urgent', firstResponseMinutes: 30, resolutionMinutes: 240 }],
      });
      assert.equal(set.statusCode, 200, set.body);
      assert.deepEqual(
        set.json().items.find((i: { priority: string }) => i.priority === 'urgent'),
        { priority: 'urgent', firstResponseMinutes: 30, resolutionMinutes: 240 },
      );
      const id = await openTicket({ priority: 'urgent' });
      const ticket = (await call(t, agent, 'GET', `/admin/tickets/${id}`)).json().ticket;
      assert.equal(Date.parse(ticket.sla.firstResponse.dueAt) - Date.parse(ticket.createdAt), 30 * 60_000);
    });

    it('opens a Billing ticket for a question about an invoice, which only its customer may ask about', async () => {
      const { billing, tenancy } = t.ctx;
      const customerId = alice.customerId ?? '';
      const host = await tenancy.hosts.create({ customerId, domain: 'billing-q.alice.test' });
      await billing.profile.update(customerId, {
        email: 'billing@alice.test',
        country: 'DE',
        timeZone: 'Europe/Berlin',
      });
      await subscribeTeamMonthly(t, customerId, host.id);
      const [invoice] = (await billing.invoices.list(customerId, { limit: 1 })).items;
      assert.ok(invoice, 'billing issued an invoice');

      const asked = await call(t, alice, 'POST', `/invoices/${invoice.id}/question`, {
        description: 'Why was I charged for the full month when I started mid-month?',
      });
      assert.equal(asked.statusCode, 201, asked.body);
      const ticket = asked.json().ticket;
      assert.equal(ticket.department.name, 'Billing');
      assert.equal(ticket.invoiceId, invoice.id);
      assert.equal(ticket.subject, `Question about invoice ${invoice.id}`);

      const context = (await call(t, agent, 'GET', `/admin/tickets/${ticket.id}/context`)).json();
      assert.equal(context.linkedInvoice.id, invoice.id);
      assert.deepEqual(
        context.subscriptions.map((sub: { hostId: string; status: string }) => [sub.hostId, sub.status]),
        // No card and no trial: the first invoice is unpaid, so the subscription is not active yet.
        [[host.id, 'incomplete']],
      );
      assert.ok(context.recentInvoices.some((i: { id: string }) => i.id === invoice.id));

      const mallory = await signUpCustomer(t, { name: 'Mallory', organization: 'Mallory Ltd' });
      const foreign = await call(t, mallory, 'POST', `/invoices/${invoice.id}/question`, {
        description: 'Whose invoice is this one? I would like to know more.',
      });
      assert.equal(foreign.statusCode, 404);
      assert.equal(errorCode(foreign), 'invoice_not_found');
      const viaForm = await postForm(
        t,
        mallory,
        '/tickets',
        ticketFields({ departmentId: 'dep_billing', invoiceId: invoice.id }),
      );
      assert.equal(errorCode(viaForm), 'invoice_not_found');
    });
  });
}
