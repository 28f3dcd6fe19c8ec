import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { type Actor, signUpCustomer } from './support/actors.js';
import { call, postForm } from './support/api-client.js';
import { errorCode } from './support/errors.js';
import { screenshot, ticketFields } from './support/support-desk.js';

for (const dialect of testDialects()) {
  describe(`support cross-tenant isolation on ${dialect}`, () => {
    let t: TestApp;
    let alpha: Actor;
    let beta: Actor;
    let ticketId: string;
    let attachmentPath: string;

    before(async () => {
      t = await startTestApp(dialect);
      alpha = await signUpCustomer(t, { name: 'Alpha', organization: 'Alpha Ltd' });
      beta = await signUpCustomer(t, { name: 'Beta', organization: 'Beta Ltd' });
      const created = await postForm(
        t,
        alpha,
        '/tickets',
        ticketFields({ subject: 'Alpha private matter' }),
        [{ name: 'shot.jpg', data: await screenshot() }],
      );
      assert.equal(created.statusCode, 201, created.body);
      ticketId = created.json().ticket.id;
      attachmentPath = (created.json().messages[0].attachments[0].url as string).replace('/api/v1', '');
      await postForm(t, beta, '/tickets', ticketFields({ subject: 'Beta own ticket' }));
    });
    after(() => t.close());

    it("answers 404 to every call on another customer's ticket, exactly as for a missing one", async () => {
      const missingId = 'tkt_00000000000000000000000000';
      const attempts: Array<[string, string, unknown?]> = [
        ['GET', `/tickets/${ticketId}`],
        ['POST', `/tickets/${ticketId}/close`],
        ['POST', `/tickets/${ticketId}/reopen`],
        ['POST', `/tickets/${ticketId}/rating`, { score: 1 }],
        ['GET', attachmentPath],
        ['GET', `${attachmentPath}?thumbnail=true`],
      ];
      for (const [method, url, payload] of attempts) {
        const foreign = await call(t, beta, method as 'GET', url, payload);
        const missing = await call(t, beta, method as 'GET', url.replace(ticketId, missingId), payload);
        assert.equal(foreign.statusCode, 404, `${method} ${url}`);
        assert.deepEqual(foreign.json(), missing.json(), `${method} ${url} reveals nothing`);
      }
      const reply = await postForm(t, beta, `/tickets/${ticketId}/replies`, { body: 'injected by beta' });
      assert.equal(reply.statusCode, 404);
      assert.equal(errorCode(reply), 'ticket_not_found');
    });

    it("never lists or leaks the other customer's tickets, messages or attachments", async () => {
      const list = await call(t, beta, 'GET', '/tickets');
      assert.deepEqual(
        list.json().items.map((i: { subject: string }) => i.subject),
        ['Beta own ticket'],
      );
      const alphaView = await call(t, alpha, 'GET', `/tickets/${ticketId}`);
      assert.ok(!alphaView.body.includes('injected by beta'));
      assert.equal(alphaView.json().messages.length, 1);
      assert.equal((await call(t, alpha, 'GET', attachmentPath)).statusCode, 200);
      assert.equal((await call(t, null, 'GET', attachmentPath)).statusCode, 401);
    });

    it("cannot attach another customer's host to a ticket", async () => {
      const host = (await call(t, alpha, 'POST', '/hosts', { domain: 'chat.alpha.test' })).json().id;
      const response = await postForm(t, beta, '/tickets', ticketFields({ hostId: host }));
      assert.equal(response.statusCode, 404);
      assert.equal(errorCode(response), 'host_not_found');
    });
  });
}
