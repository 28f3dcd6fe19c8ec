import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';

for (const dialect of testDialects()) {
  describe(`shared pagination query on ${dialect}`, () => {
    let t: TestApp;
    let cookie: string;
    before(async () => {
      t = await startTestApp(dialect);
      const signup = await t.app.inject({
        method: 'POST',
        url: '/api/v1/signup',
        payload: {
          email: 'pager@example.test',
          password: 'pager secret 2026',
          name: 'Pager',
          organization: 'Pages',
        },
      });
      assert.equal(signup.statusCode, 201, signup.body);
      cookie = signup.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    });
    after(async () => t.close());

    // PostgreSQL refuses NUL in text: a cursor carrying one must be a 400, never reach the database.
    for (const url of [
      '/api/v1/hosts?before=%00',
      '/api/v1/tokens?before=a%01b',
      '/api/v1/audit?before=%00',
    ]) {
      it(`refuses a control character in the cursor of ${url.split('?')[0]}`, async () => {
        const response = await t.app.inject({ method: 'GET', url, headers: { cookie } });
        assert.equal(response.statusCode, 400, response.body);
        assert.equal(response.json().error.code, 'validation_failed');
      });
    }

    it('refuses a limit outside 1..200', async () => {
      const response = await t.app.inject({
        method: 'GET',
        url: '/api/v1/hosts?limit=201',
        headers: { cookie },
      });
      assert.equal(response.statusCode, 400);
    });
  });
}
