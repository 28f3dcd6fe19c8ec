import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signUpCustomer } from './support/actors.js';
import { ApiClient } from './support/api-client.js';
import { assertError } from './support/errors.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';

for (const dialect of testDialects()) {
  describe(`accounts: personal API tokens on ${dialect}`, () => {
    let test: TestApp;
    before(async () => {
      test = await startTestApp(dialect);
    });
    after(async () => {
      await test.close();
    });

    function bearer(token: string) {
      return { headers: { authorization: `Bearer ${token}` } };
    }

    it('creates a token shown once, lists it without the secret, and authenticates with it', async () => {
      const browser = await signUpCustomer(test);
      const { user } = browser;
      const created = await browser.post('/tokens', { name: 'CI deploy' });
      assert.equal(created.statusCode, 201, created.body);
      const { id, name, token, createdAt } = created.json();
      assert.equal(name, 'CI deploy');
      assert.match(token, /^imh_[A-Za-z0-9_-]{40,}$/);
      assert.equal(createdAt, test.clock.now().toISOString());

      const listed = await browser.get('/tokens');
      assert.equal(listed.statusCode, 200);
      assert.deepEqual(listed.json(), {
        items: [{ id, name, prefix: token.slice(0, 10), createdAt, lastUsedAt: null }],
        nextCursor: null,
      });
      assert.ok(!listed.body.includes(token), 'the list never shows the token');

      const api = new ApiClient(test.app);
      const me = await api.get('/me', bearer(token));
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().user.id, user.id);
      assert.equal(me.json().csrfToken, null);
      // Bearer requests need no CSRF header.
      const renamed = await api.patch('/me', { name: 'Via token' }, bearer(token));
      assert.equal(renamed.statusCode, 200, renamed.body);
      assert.equal((await browser.get('/tokens')).json().items[0].lastUsedAt, test.clock.now().toISOString());
    });

    it('pages through many tokens, newest first', async () => {
      const browser = await signUpCustomer(test);
      const ids: string[] = [];
      for (const name of ['one', 'two', 'three']) {
        ids.push((await browser.post('/tokens', { name })).json().id);
        test.clock.advance(1000);
      }
      const first = (await browser.get('/tokens?limit=2')).json();
      assert.deepEqual(
        first.items.map((t: { name: string }) => t.name),
        ['three', 'two'],
      );
      assert.equal(typeof first.nextCursor, 'string');
      const second = (await browser.get(`/tokens?limit=2&before=${first.nextCursor}`)).json();
      assert.deepEqual(second, { items: [second.items[0]], nextCursor: null });
      assert.equal(second.items[0].id, ids[0]);
    });

    it('stores only the hash of the token', async () => {
      const browser = await signUpCustomer(test);
      const { token } = (await browser.post('/tokens', { name: 'hash check' })).json();
      const rows = await test.database.db.selectFrom('api_tokens').select(['token_hash']).execute();
      assert.ok(rows.length > 0);
      for (const row of rows) assert.notEqual(row.token_hash, token);
    });

    it('revokes a token, after which it no longer authenticates', async () => {
      const browser = await signUpCustomer(test);
      const { id, token } = (await browser.post('/tokens', { name: 'short-lived' })).json();
      assertError(await browser.delete(`/tokens/${id}`, { csrf: false }), 403, 'csrf_failed');
      assert.equal((await browser.delete(`/tokens/${id}`)).statusCode, 204);
      assert.deepEqual((await browser.get('/tokens')).json().items, []);
      assertError(await new ApiClient(test.app).get('/me', bearer(token)), 401, 'unauthenticated');
      assertError(await browser.delete(`/tokens/${id}`), 404, 'token_not_found');
    });

    it('refuses unknown bearer tokens, and ignores other authorization schemes', async () => {
      const api = new ApiClient(test.app);
      assertError(await api.get('/me', bearer('imh_doesnotexist')), 401, 'unauthenticated');
      assertError(await api.get('/setup', bearer('imh_doesnotexist')), 401, 'unauthenticated');
      // Basic auth from a proxy in front of imhost is not ours: the session cookie still decides.
      const basic = { headers: { authorization: 'Basic Zm9vOmJhcg==' } };
      assertError(await api.get('/me', basic), 401, 'unauthenticated');
      const browser = await signUpCustomer(test);
      assert.equal((await browser.get('/me', basic)).statusCode, 200);
    });

    it('validates the token name and needs a session', async () => {
      const browser = await signUpCustomer(test);
      assertError(await browser.post('/tokens', { name: '' }), 400, 'validation_failed');
      assertError(await browser.post('/tokens', { name: 'x', scopes: ['all'] }), 400, 'validation_failed');
      assertError(await browser.post('/tokens', { name: 42 }), 400, 'validation_failed');
      assertError(await new ApiClient(test.app).post('/tokens', { name: 'anon' }), 401, 'unauthenticated');
      assertError(await new ApiClient(test.app).get('/tokens'), 401, 'unauthenticated');
    });

    it("keeps one customer's tokens invisible and untouchable to another", async () => {
      const a = await signUpCustomer(test, { organization: 'Customer A' });
      const b = await signUpCustomer(test, { organization: 'Customer B' });
      assert.notEqual(a.customer.id, b.customer.id);
      const bToken = (await b.post('/tokens', { name: 'B secret' })).json();

      const aList = await a.get('/tokens');
      assert.ok(!aList.body.includes(bToken.id), "A's list does not show B's token");
      assertError(await a.delete(`/tokens/${bToken.id}`), 404, 'token_not_found');

      const aToken = (await a.post('/tokens', { name: 'A key' })).json().token;
      assertError(
        await new ApiClient(test.app).delete(`/tokens/${bToken.id}`, bearer(aToken)),
        404,
        'token_not_found',
      );

      // B's token still works: nothing A did touched it.
      const bMe = await new ApiClient(test.app).get('/me', bearer(bToken.token));
      assert.equal(bMe.statusCode, 200);
      assert.equal(bMe.json().customer.id, b.customer.id);
    });
  });
}
