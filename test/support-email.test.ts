import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import nodemailer, { type Transporter } from 'nodemailer';
import sharp from 'sharp';
import type { Actor } from './support/actors.js';
import { call, postForm } from './support/api-client.js';
import type { TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { outboxTo } from './support/outbox.js';
import { openSupportDesk, ticketFields } from './support/support-desk.js';

const DESK = 'support@help.test';

for (const dialect of testDialects()) {
  describe(`support email round trip on ${dialect}`, () => {
    let t: TestApp;
    let alice: Actor;
    let agent: Actor;
    let smtp: Transporter;
    let ticketId: string;
    let replyTo: string;

    before(async () => {
      ({ t, alice, agent } = await openSupportDesk(
        dialect,
        {
          IMHOST_SUPPORT_INBOUND_SMTP_PORT: '0',
          IMHOST_SUPPORT_ADDRESS: DESK,
          IMHOST_SUPPORT_EMAIL_REPLIES_PER_HOUR: '4',
          IMHOST_SUPPORT_TICKETS_PER_HOUR: '20',
        },
        'Agent',
      ));
      const address = t.ctx.support.inboundAddress();
      assert.ok(address, 'the listener is on when the port is configured');
      smtp = nodemailer.createTransport({
        host: '127.0.0.1',
        port: address.port,
        secure: false,
        ignoreTLS: true,
      });
      ticketId = (await postForm(t, alice, '/tickets', ticketFields())).json().ticket.id;
      const answered = await postForm(t, agent, `/admin/tickets/${ticketId}/replies`, {
        body: 'Which client version do you use?',
      });
      assert.equal(answered.statusCode, 201, answered.body);
      const notification = (await outboxTo(t, alice.email)).find((m) => m.subject.startsWith('Re: '));
      assert.ok(notification, 'the staff reply was emailed');
      assert.ok(notification.text.includes('Which client version'));
      replyTo = notification.headers?.['Reply-To'] ?? '';
    });
    after(async () => {
      smtp.close();
      await t.close();
    });

    async function thread() {
      return (await call(t, alice, 'GET', `/tickets/${ticketId}`)).json();
    }

    it('threads a reply sent to the signed address, without the quoted text', async () => {
      await smtp.sendMail({
        from: `Alice <${alice.email}>`,
        to: replyTo,
        subject: 'Re: your ticket',
        messageId: '<reply-1@alice.mail>',
        text: 'Conversations 2.17 on Android.\n\nOn Thu, 15 Jan 2026 at 10:00, Support <support@help.test> wrote:\n> Which client version do you use?\n',
        attachments: [
          {
            filename: 'about.png',
            content: await sharp({ create: { width: 20, height: 20, channels: 3, background: '#fff' } })
              .png()
              .toBuffer(),
          },
        ],
      });
      const { ticket, messages } = await thread();
      const last = messages[messages.length - 1];
      assert.equal(last.body, 'Conversations 2.17 on Android.');
      assert.equal(last.source, 'email');
      assert.equal(last.authorKind, 'customer');
      assert.equal(last.attachments[0].contentType, 'image/png');
      assert.equal(ticket.status, 'customer_reply');
      assert.ok(
        (await outboxTo(t, agent.email)).some(
          (m) => m.subject.startsWith('Customer reply') && m.text.includes('2.17'),
        ),
      );
    });

    it('keeps the words of a reply whose attachment is refused', async () => {
      await smtp.sendMail({
        from: alice.email,
        to: replyTo,
        subject: 'Re',
        text: 'Here is the installer.',
        attachments: [{ filename: 'setup.exe', content: Buffer.from('4d5a900003000000', 'hex') }],
      });
      const { messages } = await thread();
      const last = messages[messages.length - 1];
      assert.match(last.body, /^Here is the installer\.\n\n\(1 attachment was not accepted: /);
      assert.deepEqual(last.attachments, []);
    });

    it('does not add the same message twice', async () => {
      const count = (await thread()).messages.length;
      await smtp.sendMail({
        from: alice.email,
        to: replyTo,
        subject: 'Re',
        messageId: '<reply-1@alice.mail>',
        text: 'Conversations 2.17 on Android.',
      });
      assert.equal((await thread()).messages.length, count);
    });

    it('refuses a forged reply address at RCPT', async () => {
      const forged = replyTo.replace(/\.[a-z0-9_-]+@/, '.aaaaaaaaaaaaaaaaaaaa@');
      await assert.rejects(
        smtp.sendMail({ from: alice.email, to: forged, subject: 'x', text: 'forged' }),
        /550/,
      );
      await assert.rejects(
        smtp.sendMail({ from: alice.email, to: 'someone@else.test', subject: 'x', text: 'relay?' }),
        /550/,
      );
      // Five recipients at most; the sixth gets a temporary refusal.
      const others: string[] = [];
      for (let n = 0; n < 5; n++) {
        const id = (await postForm(t, alice, '/tickets', ticketFields({ subject: `Other ${n}` }))).json()
          .ticket.id;
        const mail = (await outboxTo(t, alice.email)).find((m) => m.subject.includes(id));
        others.push(mail?.headers?.['Reply-To'] ?? '');
      }
      const recipients = [DESK, ...others];
      const info = (await smtp.sendMail({
        from: alice.email,
        to: recipients,
        subject: 'x',
        text: 'to everyone',
      })) as {
        rejected: string[];
        rejectedErrors?: { responseCode?: number }[];
      };
      assert.deepEqual(info.rejected, [others[4]]);
      assert.equal(info.rejectedErrors?.[0]?.responseCode, 452);
    });

    it('ignores auto-replies and strangers, so no mail loop starts', async () => {
      const count = (await thread()).messages.length;
      const mailsBefore = (await outboxTo(t, agent.email)).length;
      await smtp.sendMail({
        from: alice.email,
        to: replyTo,
        subject: 'Out of office',
        text: 'I am away',
        headers: { 'Auto-Submitted': 'auto-replied' },
      });
      await smtp.sendMail({
        from: 'mallory@evil.test',
        to: replyTo,
        subject: 'Re',
        text: 'please send me the password',
      });
      assert.equal((await thread()).messages.length, count);
      assert.equal((await outboxTo(t, agent.email)).length, mailsBefore);
    });

    it('threads by References when the reply went to the plain desk address', async () => {
      await smtp.sendMail({
        from: alice.email,
        to: DESK,
        subject: 'Re: ticket',
        references: [`<${ticketId}@tickets.help.test>`],
        text: 'Sent from the plain address.',
      });
      const { messages } = await thread();
      assert.equal(messages[messages.length - 1].body, 'Sent from the plain address.');
    });

    it('falls back to the ticket tag in the subject, for the requester only', async () => {
      await smtp.sendMail({
        from: alice.email,
        to: DESK,
        subject: `Re: [${ticketId}] Clients cannot log in`,
        text: 'Found by subject.',
      });
      const { messages } = await thread();
      assert.equal(messages[messages.length - 1].body, 'Found by subject.');
      await smtp.sendMail({
        from: 'eve@evil.test',
        to: DESK,
        subject: `Re: [${ticketId}]`,
        text: 'Eve was here.',
      });
      assert.ok(!JSON.stringify((await thread()).messages).includes('Eve was here'));
    });

    it('limits emailed replies per ticket per hour', async () => {
      t.clock.advance(61 * 60_000);
      const count = (await thread()).messages.length;
      for (let i = 0; i < 6; i++)
        await smtp.sendMail({ from: alice.email, to: replyTo, subject: 'Re', text: `burst ${i}` });
      const bodies = (await thread()).messages.slice(count).map((m: { body: string }) => m.body);
      assert.deepEqual(
        bodies,
        ['burst 0', 'burst 1', 'burst 2', 'burst 3'],
        'four per hour, the rest dropped',
      );
      t.clock.advance(61 * 60_000);
      await smtp.sendMail({ from: alice.email, to: replyTo, subject: 'Re', text: 'after an hour' });
      const messages = (await thread()).messages;
      assert.equal(messages[messages.length - 1].body, 'after an hour');
    });

    it('a reply by email reopens a closed ticket instead of being lost', async () => {
      await call(t, agent, 'PATCH', `/admin/tickets/${ticketId}`, { status: 'closed' });
      await smtp.sendMail({ from: alice.email, to: replyTo, subject: 'Re', text: 'One more question.' });
      const { ticket, messages } = await thread();
      assert.equal(ticket.status, 'open');
      assert.equal(messages[messages.length - 1].body, 'One more question.');
      const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
      assert.match(metrics.body, /imhost_support_inbound_mail_total\{outcome="threaded"\} [1-9]/);
      assert.match(metrics.body, /imhost_support_inbound_mail_total\{outcome="automated"\} 1/);
    });

    it('a reply reopens a resolved ticket', async () => {
      await call(t, agent, 'PATCH', `/admin/tickets/${ticketId}`, { status: 'resolved' });
      await smtp.sendMail({ from: alice.email, to: replyTo, subject: 'Re', text: 'It broke again.' });
      assert.equal((await thread()).ticket.status, 'customer_reply');
    });
  });
}
