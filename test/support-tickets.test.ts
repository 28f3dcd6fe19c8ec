import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { type Actor, signUpCustomer } from './support/actors.js';
import { call, postForm } from './support/api-client.js';
import { errorCode } from './support/errors.js';
import { outboxTo } from './support/outbox.js';
import { DESCRIPTION, screenshot, ticketFields } from './support/support-desk.js';

for (const dialect of testDialects()) {
  describe(`support tickets (customer side) on ${dialect}`, () => {
    let t: TestApp;
    let alice: Actor;

    before(async () => {
      t = await startTestApp(dialect);
      alice = await signUpCustomer(t, { name: 'Alice', organization: 'Alice Ltd' });
    });
    after(() => t.close());

    it('opens a ticket with a redacted log and a re-encoded screenshot, and confirms it by email', async () => {
      const log =
        'C: <auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="PLAIN">AGFsaWNlAGh1bnRlcjI=</auth>\npassword=hunter22';
      const created = await postForm(t, alice, '/tickets', ticketFields({ logText: log }), [
        { name: 'screen.png', data: await screenshot(), type: 'image/png' },
      ]);
      assert.equal(created.statusCode, 201, created.body);
      const { ticket, messages } = created.json();
      assert.equal(ticket.status, 'open');
      assert.equal(ticket.department.name, 'Technical');
      assert.deepEqual(ticket.requester, { name: 'Alice', email: alice.email });
      assert.equal(messages.length, 1);
      assert.ok(!messages[0].logText.includes('hunter22'));
      assert.ok(!messages[0].logText.includes('AGFsaWNlAGh1bnRlcjI='));
      assert.ok(messages[0].logText.includes('[REDACTED]'));
      const [attachment] = messages[0].attachments;
      assert.equal(attachment.contentType, 'image/jpeg', 'typed by content, not by the .png name');
      assert.equal(attachment.fileName, 'screen.jpg');

      const file = await call(t, alice, 'GET', attachment.url.replace('/api/v1', ''));
      assert.equal(file.statusCode, 200);
      assert.equal(file.headers['content-type'], 'image/jpeg');
      assert.match(String(file.headers['content-disposition']), /^inline;/);
      assert.equal(file.headers['x-content-type-options'], 'nosniff');
      assert.match(String(file.headers['content-security-policy']), /default-src 'none'.*sandbox/);
      assert.equal((await sharp(file.rawPayload).metadata()).exif, undefined, 'metadata stripped');
      assert.ok(!file.rawPayload.includes('exif-secret-owner'));
      const thumb = await call(t, alice, 'GET', attachment.thumbnailUrl.replace('/api/v1', ''));
      assert.equal(thumb.headers['content-type'], 'image/webp');
      assert.ok(((await sharp(thumb.rawPayload).metadata()).width ?? 0) <= 320);

      const mails = await outboxTo(t, alice.email);
      const confirmation = mails.find((m) => m.subject.includes(ticket.id));
      assert.ok(confirmation, 'the customer got a confirmation');
      assert.equal(confirmation.headers?.['Auto-Submitted'], 'auto-generated');
      assert.match(
        confirmation.headers?.['Reply-To'] ?? '',
        new RegExp(`^support\\+t\\.${ticket.id}\\.[a-z0-9_-]+@`),
      );
    });

    it('serves text attachments as downloads and refuses binaries by content', async () => {
      const created = await postForm(t, alice, '/tickets', ticketFields({ subject: 'Log attached' }), [
        { name: 'server.log', data: Buffer.from('auth failed token=abc123secret\n'), type: 'text/plain' },
      ]);
      assert.equal(created.statusCode, 201, created.body);
      const [attachment] = created.json().messages[0].attachments;
      const file = await call(t, alice, 'GET', attachment.url.replace('/api/v1', ''));
      assert.match(String(file.headers['content-disposition']), /^attachment; filename="server.log"/);
      assert.equal(file.body, 'auth failed token=[REDACTED]\n');

      const exe = await postForm(t, alice, '/tickets', ticketFields(), [
        { name: 'notes.txt', data: Buffer.from('4d5a90000300000004000000ffff0000', 'hex') },
      ]);
      assert.equal(exe.statusCode, 415);
      assert.equal(errorCode(exe), 'attachment_type_not_allowed');
    });

    it('validates the form: description length, unknown fields, department, foreign host', async () => {
      const short = await postForm(t, alice, '/tickets', ticketFields({ description: 'help' }));
      assert.equal(errorCode(short), 'description_too_short');
      const unknown = await postForm(t, alice, '/tickets', { ...ticketFields(), admin: 'true' });
      assert.equal(unknown.statusCode, 400);
      assert.equal(errorCode(unknown), 'validation_failed');
      const badPriority = await postForm(t, alice, '/tickets', ticketFields({ priority: 'asap' }));
      assert.equal(errorCode(badPriority), 'validation_failed');
      const department = await postForm(t, alice, '/tickets', ticketFields({ departmentId: 'dep_nope' }));
      assert.equal(errorCode(department), 'department_not_found');
      const host = await postForm(
        t,
        alice,
        '/tickets',
        ticketFields({ hostId: 'host_00000000000000000000000000' }),
      );
      assert.equal(errorCode(host), 'host_not_found');
      const json = await call(t, alice, 'POST', '/tickets', ticketFields());
      assert.equal(json.statusCode, 415);
    });

    it('refuses a subject with line breaks or other control characters, which would reach email headers', async () => {
      const before = (await call(t, alice, 'GET', '/tickets?limit=200')).json().items.length;
      for (const control of ['\r\n', '\n', '\r', '\t', '\u0000', '\u001b', '\u007f', '\u0085']) {
        const subject = `Cannot log in${control}Bcc: victim@example.test`;
        for (const response of [
          await postForm(t, alice, '/tickets', ticketFields({ subject })),
          await call(t, alice, 'POST', '/invoices/inv_00000000000000000000000000/question', {
            subject,
            description: DESCRIPTION,
          }),
        ]) {
          assert.equal(response.statusCode, 400, `${JSON.stringify(control)}: ${response.body}`);
          assert.equal(errorCode(response), 'validation_failed');
          const details = response.json<{ error: { details: { path: string }[] } }>().error.details;
          assert.ok(
            details.some((detail) => detail.path === 'body/subject'),
            `the subject is named: ${response.body}`,
          );
        }
      }
      assert.equal((await call(t, alice, 'GET', '/tickets?limit=200')).json().items.length, before);
    });

    it('needs a signed-in customer and the CSRF token', async () => {
      assert.equal((await postForm(t, null, '/tickets', ticketFields())).statusCode, 401);
      assert.equal(
        (await alice.postForm('/tickets', ticketFields(), [], { headers: { 'x-csrf-token': 'wrong' } }))
          .statusCode,
        403,
      );
      assert.equal((await call(t, null, 'GET', '/tickets')).statusCode, 401);
    });

    it('lists, replies, closes, reopens and rates', async () => {
      const id = (await postForm(t, alice, '/tickets', ticketFields({ subject: 'Lifecycle' }))).json().ticket
        .id;
      const list = await call(t, alice, 'GET', '/tickets?status=open&limit=50');
      assert.ok(list.json().items.some((item: { id: string }) => item.id === id));

      const reply = await postForm(t, alice, `/tickets/${id}/replies`, {
        body: 'More detail: it started at 09:00.',
      });
      assert.equal(reply.statusCode, 201, reply.body);
      assert.equal(reply.json().messages.length, 2);
      assert.equal((await postForm(t, alice, `/tickets/${id}/replies`, { body: '   ' })).statusCode, 400);

      const early = await call(t, alice, 'POST', `/tickets/${id}/rating`, { score: 5 });
      assert.equal(errorCode(early), 'ticket_not_resolved');
      const closed = await call(t, alice, 'POST', `/tickets/${id}/close`);
      assert.equal(closed.json().ticket.status, 'closed');
      assert.equal(
        errorCode(await call(t, alice, 'POST', `/tickets/${id}/close`)),
        'ticket_transition_invalid',
      );
      assert.equal(
        errorCode(await postForm(t, alice, `/tickets/${id}/replies`, { body: 'hello?' })),
        'ticket_transition_invalid',
      );

      const outOfRange = await call(t, alice, 'POST', `/tickets/${id}/rating`, { score: 6 });
      assert.equal(outOfRange.statusCode, 400);
      const rated = await call(t, alice, 'POST', `/tickets/${id}/rating`, { score: 4, comment: 'Quick' });
      assert.equal(rated.statusCode, 200, rated.body);
      assert.equal(rated.json().ticket.rating, 4);
      assert.equal(
        errorCode(await call(t, alice, 'POST', `/tickets/${id}/rating`, { score: 5 })),
        'ticket_already_rated',
      );

      const reopened = await call(t, alice, 'POST', `/tickets/${id}/reopen`);
      assert.equal(reopened.json().ticket.status, 'open');
      assert.ok(
        reopened
          .json()
          .messages.some(
            (m: { authorKind: string; body: string }) =>
              m.authorKind === 'system' && m.body.includes('reopened'),
          ),
      );
    });

    it('renders Markdown safely', async () => {
      const created = await postForm(
        t,
        alice,
        '/tickets',
        ticketFields({
          description: `${DESCRIPTION}\n\n<script>alert(1)</script> [x](javascript:alert(1)) **bold**`,
        }),
      );
      const html = created.json().messages[0].bodyHtml as string;
      assert.ok(!html.includes('<script>'));
      assert.ok(!html.includes('href="javascript'));
      assert.ok(html.includes('<strong>bold</strong>'));
    });

    it('tells the form its limits', async () => {
      assert.deepEqual((await call(t, alice, 'GET', '/support/form-settings')).json(), {
        minDescriptionLength: 30,
        maxFileBytes: 10 * 1024 * 1024,
        maxTicketBytes: 25 * 1024 * 1024,
        maxFilesPerMessage: 10,
        acceptedTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'text/plain'],
      });
    });

    it('lists departments for the form; the OpenAPI document has the support routes', async () => {
      const departments = (await call(t, alice, 'GET', '/support/departments'))
        .json()
        .items.map((d: { name: string }) => d.name);
      assert.deepEqual(departments, ['Technical', 'Billing', 'Sales', 'Abuse']);
      const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
      for (const path of [
        '/api/v1/tickets',
        '/api/v1/tickets/{id}',
        '/api/v1/tickets/{id}/replies',
        '/api/v1/admin/tickets',
        '/api/v1/admin/tickets/{id}/notes',
      ]) {
        assert.ok(doc.paths[path], path);
      }
      assert.ok(doc.paths['/api/v1/tickets'].post.requestBody.content['multipart/form-data']);
      assert.deepEqual(doc.paths['/api/v1/tickets'].post.tags, ['support']);
    });
  });

  describe(`support ticket limits on ${dialect}`, () => {
    let t: TestApp;

    before(async () => {
      t = await startTestApp(dialect, {
        IMHOST_SUPPORT_MAX_OPEN_TICKETS: '2',
        IMHOST_SUPPORT_TICKETS_PER_HOUR: '3',
        IMHOST_SUPPORT_MAX_FILE_BYTES: '2000',
        IMHOST_SUPPORT_MAX_TICKET_BYTES: '3000',
      });
    });
    after(() => t.close());

    it('caps open tickets, then the creation rate per hour', async () => {
      const bob = await signUpCustomer(t, { name: 'Bob', organization: 'Bob Ltd' });
      const first = (await postForm(t, bob, '/tickets', ticketFields())).json().ticket.id;
      const second = (await postForm(t, bob, '/tickets', ticketFields())).json().ticket.id;
      const third = await postForm(t, bob, '/tickets', ticketFields());
      assert.equal(third.statusCode, 429);
      assert.equal(errorCode(third), 'open_ticket_limit');
      await call(t, bob, 'POST', `/tickets/${first}/close`);
      assert.equal((await postForm(t, bob, '/tickets', ticketFields())).statusCode, 201);
      await call(t, bob, 'POST', `/tickets/${second}/close`);
      const fourth = await postForm(t, bob, '/tickets', ticketFields());
      assert.equal(fourth.statusCode, 429);
      assert.equal(errorCode(fourth), 'ticket_rate_limited');
      t.clock.advance(61 * 60_000);
      assert.equal(
        (await postForm(t, bob, '/tickets', ticketFields())).statusCode,
        201,
        'an hour later the rate allows one more',
      );
    });

    it('limits each file and the total per ticket', async () => {
      const carol = await signUpCustomer(t, { name: 'Carol', organization: 'Carol Ltd' });
      const big = await postForm(t, carol, '/tickets', ticketFields(), [
        { name: 'big.log', data: Buffer.alloc(2500, 'a') },
      ]);
      assert.equal(big.statusCode, 413);
      assert.equal(errorCode(big), 'attachment_too_large');
      const ok = await postForm(t, carol, '/tickets', ticketFields(), [
        { name: 'a.log', data: Buffer.alloc(1800, 'a') },
      ]);
      assert.equal(ok.statusCode, 201, ok.body);
      const over = await postForm(t, carol, `/tickets/${ok.json().ticket.id}/replies`, { body: 'another' }, [
        { name: 'b.log', data: Buffer.alloc(1800, 'b') },
      ]);
      assert.equal(over.statusCode, 413);
      assert.equal(errorCode(over), 'ticket_attachments_too_large');
    });
  });
}
