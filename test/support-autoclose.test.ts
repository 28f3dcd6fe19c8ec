import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Actor } from './support/actors.js';
import { call, postForm } from './support/api-client.js';
import type { TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { outboxTo } from './support/outbox.js';
import { openSupportDesk, ticketFields } from './support/support-desk.js';

const DAY = 24 * 3_600_000;
const HOUR = 3_600_000;

for (const dialect of testDialects()) {
  describe(`support auto-close and SLA warnings on ${dialect}`, () => {
    let t: TestApp;
    let alice: Actor;
    let agent: Actor;

    before(async () => {
      ({ t, alice, agent } = await openSupportDesk(
        dialect,
        {
          IMHOST_SUPPORT_REMINDER_DAYS: '3',
          IMHOST_SUPPORT_AUTO_RESOLVE_DAYS: '7',
          IMHOST_SUPPORT_AUTO_CLOSE_DAYS: '2',
          // The story spans weeks of simulated time; sessions must outlive it.
          IMHOST_SESSION_TTL_HOURS: '100000',
        },
        'Agent',
      ));
    });
    after(() => t.close());

    /** Moves the simulated clock and lets the durable scheduler run whatever became due. */
    async function passTime(ms: number): Promise<void> {
      t.clock.advance(ms);
      await t.ctx.platform.jobs.runDue();
      await t.ctx.platform.jobs.runDue();
    }

    async function status(id: string): Promise<string> {
      return (await call(t, alice, 'GET', `/tickets/${id}`)).json().ticket.status;
    }

    it('reminds the customer, then resolves, then closes a ticket left waiting on them', async () => {
      const id = (await postForm(t, alice, '/tickets', ticketFields())).json().ticket.id;
      await postForm(t, agent, `/admin/tickets/${id}/replies`, { body: 'Can you send the log?' });
      assert.equal(await status(id), 'waiting_on_customer');
      const reminders = async () =>
        (await outboxTo(t, alice.email)).filter((m) => m.subject.startsWith('Waiting for your reply')).length;

      await passTime(2 * DAY);
      assert.equal(await reminders(), 0);
      await passTime(1 * DAY + HOUR);
      assert.equal(await reminders(), 1, 'one reminder after three days');
      await passTime(HOUR);
      assert.equal(await reminders(), 1, 'and only one');
      assert.equal(await status(id), 'waiting_on_customer');

      await passTime(4 * DAY);
      assert.equal(await status(id), 'resolved');
      const resolvedMail = (await outboxTo(t, alice.email)).find((m) => m.subject.startsWith('Resolved'));
      assert.ok(resolvedMail?.text.includes('Rate this ticket'));
      assert.equal((await call(t, alice, 'GET', `/tickets/${id}`)).json().ticket.canRate, true);

      await passTime(2 * DAY + HOUR);
      assert.equal(await status(id), 'closed');
    });

    it('a customer reply stops the countdown', async () => {
      const id = (await postForm(t, alice, '/tickets', ticketFields())).json().ticket.id;
      await postForm(t, agent, `/admin/tickets/${id}/replies`, { body: 'Try again please.' });
      await passTime(5 * DAY);
      await postForm(t, alice, `/tickets/${id}/replies`, { body: 'Still failing.' });
      await passTime(5 * DAY);
      assert.equal(await status(id), 'customer_reply');
    });

    it('warns agents once before the first-response target is breached, and pauses while waiting', async () => {
      // Times in the mail read in the customer's billing time zone (Tokyo: UTC+9, no summer time).
      await t.ctx.billing.profile.update(alice.customerId!, { timeZone: 'Asia/Tokyo' });
      // normal priority: first response within 8 hours, resolution within 3 days.
      const id = (await postForm(t, alice, '/tickets', ticketFields({ subject: 'SLA check' }))).json().ticket
        .id;
      const warnings = async () =>
        (await outboxTo(t, agent.email)).filter((m) => m.subject.includes(id) && m.subject.startsWith('SLA'))
          .length;
      await passTime(5 * HOUR);
      assert.equal(await warnings(), 0);
      await passTime(1 * HOUR + 10 * 60_000);
      assert.equal(await warnings(), 1, 'warned with under a quarter of the target left');
      const view = (await call(t, agent, 'GET', `/admin/tickets/${id}`)).json().ticket.sla;
      assert.equal(view.firstResponse.state, 'warning');
      const tokyo = new Date(Date.parse(view.firstResponse.dueAt) + 9 * HOUR).toISOString();
      const [warning] = (await outboxTo(t, agent.email)).filter((m) => m.subject.includes(id));
      assert.match(
        warning!.text,
        new RegExp(`due at ${tokyo.slice(0, 10)} ${tokyo.slice(11, 16)} \\(Asia/Tokyo\\)`),
      );
      await passTime(HOUR);
      assert.equal(await warnings(), 1, 'only once');

      await postForm(t, agent, `/admin/tickets/${id}/replies`, { body: 'Looking into it.' });
      await passTime(10 * DAY);
      const paused = (await call(t, agent, 'GET', `/admin/tickets/${id}`)).json().ticket.sla;
      assert.equal(paused.firstResponse.state, 'met');
      // Auto-resolved after 7 days waiting: the resolution clock stopped at the first reply, well within 3 days.
      assert.equal(paused.resolution.state, 'met');
    });
  });
}
