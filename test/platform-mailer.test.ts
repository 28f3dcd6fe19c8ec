import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import pino from 'pino';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { SimulatedClock } from '../src/lib/clock.js';
import { loadConfig } from '../src/bin/config.js';
import { createPlatform, type Platform } from '../src/platform/index.js';
import { createTestDatabase, testDialects, type TestDatabase } from './support/databases.js';

interface Received {
  from: string | false;
  to: string[];
  raw: string;
}

/** A real SMTP server on a random local port that keeps every message, or refuses every recipient. */
async function startSmtp(options: { refuse?: boolean } = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      if (options.refuse) return callback(new Error(`550 no mailbox ${address.address}`));
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom && session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const silent = pino({ level: 'silent' });

for (const dialect of testDialects()) {
  describe(`mailer on ${dialect}`, () => {
    const databases: TestDatabase[] = [];
    after(async () => {
      for (const database of databases) await database.close();
    });

    /** A fresh database per test, so one test's outbox rows never show in another's list. */
    async function platformWith(
      env: Record<string, string>,
    ): Promise<{ platform: Platform; clock: SimulatedClock }> {
      const database = await createTestDatabase(dialect);
      databases.push(database);
      const clock = new SimulatedClock(new Date('2026-01-15T10:00:00Z'));
      const config = loadConfig({
        IMHOST_LOG_LEVEL: 'silent',
        IMHOST_MAIL_FROM: 'imhost <noreply@mail.imhost.test>',
        ...env,
      });
      return { platform: createPlatform({ config, clock, database, logger: silent }), clock };
    }

    it('keeps mail in the outbox, newest first, when no SMTP server is configured', async () => {
      const { platform } = await platformWith({});
      try {
        const first = await platform.mailer.send({
          to: 'ann@example.test',
          subject: 'Welcome',
          text: 'Hello Ann',
        });
        const second = await platform.mailer.send({
          to: ['bob@example.test', 'cy@example.test'],
          subject: 'Verify',
          text: 'Open http://imhost.test/verify-email?token=abc',
          html: '<p>Open the link</p>',
        });
        assert.equal(first.status, 'stored');
        const page = await platform.mailer.list({ limit: 1 });
        assert.deepEqual(
          page.items.map((m) => [m.id, m.recipients, m.subject, m.text]),
          [
            [
              second.id,
              ['bob@example.test', 'cy@example.test'],
              'Verify',
              'Open http://imhost.test/verify-email?token=abc',
            ],
          ],
        );
        assert.equal(page.nextCursor, second.id);
        const next = await platform.mailer.list({ limit: 1, before: page.nextCursor ?? undefined });
        assert.equal(next.items[0]?.id, first.id);
        assert.equal((await platform.jobs.list({ limit: 10 })).items.length, 0, 'nothing to deliver');
      } finally {
        await platform.stop();
      }
    });

    it('delivers queued mail through SMTP from a job and marks it sent', async () => {
      const smtp = await startSmtp();
      const { platform } = await platformWith({ IMHOST_SMTP_URL: smtp.url });
      try {
        const message = await platform.mailer.send({
          to: ['dee@example.test', 'eve@example.test'],
          subject: 'Your invoice',
          text: 'Invoice INV-7 is attached in spirit.',
          headers: { 'X-Imhost-Kind': 'invoice' },
        });
        assert.equal(message.status, 'queued');
        assert.equal(smtp.received.length, 0, 'sending happens in the job, not in send()');

        const summary = await platform.jobs.runDue();
        assert.equal(summary.succeeded, 1);
        assert.equal(smtp.received.length, 1);
        const [mail] = smtp.received;
        assert.equal(mail?.from, 'noreply@mail.imhost.test');
        assert.deepEqual(mail?.to, ['dee@example.test', 'eve@example.test']);
        assert.match(mail?.raw ?? '', /^Subject: Your invoice\r$/m);
        assert.match(mail?.raw ?? '', /Invoice INV-7 is attached in spirit\./);
        assert.match(mail?.raw ?? '', /^X-Imhost-Kind: invoice\r$/m);
        assert.match(
          mail?.raw ?? '',
          new RegExp(`^Message-ID: <${message.id}@mail\\.imhost\\.test>\\r$`, 'm'),
        );

        const [stored] = (await platform.mailer.list({ limit: 1 })).items;
        assert.equal(stored?.status, 'sent');
        assert.equal(stored?.messageId, `<${message.id}@mail.imhost.test>`);
        assert.equal(stored?.sentAt, '2026-01-15T10:00:00.000Z');
        assert.equal((await platform.jobs.runDue()).ran, 0, 'a sent message is not sent again');
      } finally {
        await platform.stop();
        await smtp.close();
      }
    });

    it('strips control characters from every header it writes, so no caller can inject a header', async () => {
      const smtp = await startSmtp();
      const { platform } = await platformWith({
        IMHOST_SMTP_URL: smtp.url,
        IMHOST_MAIL_FROM: 'imhost\r\nDesk <noreply@mail.imhost.test>',
      });
      try {
        const message = await platform.mailer.send({
          to: 'ann@example.test',
          subject: 'Hello\r\nBcc: victim@example.test\r\nX-Injected: subject\u0000\u001b[31m\u000bred\rend',
          text: 'Body text.',
          headers: {
            'Reply-To': 'Support\u0000\nTeam <desk@example.test>',
            'X-Imhost-Kind\r\nX-Injected': 'name\u0000\nX-Injected: value',
          },
        });
        assert.equal((await platform.jobs.runDue()).succeeded, 1);
        const [mail] = smtp.received;
        assert.ok(mail);
        assert.deepEqual(mail.to, ['ann@example.test'], 'no recipient was added');
        const parsed = await simpleParser(mail.raw);
        assert.equal(parsed.headers.has('x-injected'), false, mail.raw);
        assert.equal(parsed.headers.has('bcc'), false, mail.raw);
        const expected = 'Hello Bcc: victim@example.test X-Injected: subject [31m red end';
        assert.equal(parsed.subject, expected);
        for (const [name, value] of parsed.headers)
          if (typeof value === 'string')
            assert.doesNotMatch(value, /\p{Cc}/u, `${name} holds a control character once decoded`);
        assert.deepEqual(parsed.from?.value, [{ name: 'imhost Desk', address: 'noreply@mail.imhost.test' }]);
        assert.deepEqual(parsed.replyTo?.value, [{ name: 'Support Team', address: 'desk@example.test' }]);
        const [stored] = (await platform.mailer.list({ limit: 1 })).items;
        assert.equal(stored?.id, message.id);
        assert.equal(stored?.subject, expected, 'the outbox shows what was sent');
      } finally {
        await platform.stop();
        await smtp.close();
      }
    });

    it('retries a refused delivery with backoff and finally marks the message failed', async () => {
      const smtp = await startSmtp({ refuse: true });
      const { platform, clock } = await platformWith({ IMHOST_SMTP_URL: smtp.url });
      try {
        const message = await platform.mailer.send({
          to: 'nobody@example.test',
          subject: 'Bounce',
          text: 'x',
        });
        assert.equal((await platform.jobs.runDue()).retried, 1);
        let [stored] = (await platform.mailer.list({ limit: 1 })).items;
        assert.equal(stored?.id, message.id);
        assert.equal(stored?.status, 'queued');
        assert.equal(stored?.attempts, 1);
        assert.match(stored?.lastError ?? '', /no mailbox/);

        let failed = 0;
        for (let i = 0; i < 10 && failed === 0; i++) {
          clock.advance(3600_000);
          failed = (await platform.jobs.runDue()).failed;
        }
        [stored] = (await platform.mailer.list({ limit: 1 })).items;
        assert.equal(stored?.status, 'failed');
        assert.equal(stored?.attempts, 8);
        assert.equal(smtp.received.length, 0);
      } finally {
        await platform.stop();
        await smtp.close();
      }
    });
  });
}
