import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signUpCustomer } from './support/actors.js';
import type { ApiClient } from './support/api-client.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { assertError } from './support/errors.js';

for (const dialect of testDialects()) {
  describe(`shared pagination query on ${dialect}`, () => {
    let t: TestApp;
    let customer: ApiClient;
    before(async () => {
      t = await startTestApp(dialect);
      customer = await signUpCustomer(t, { name: 'Pager', organization: 'Pages' });
    });
    after(async () => t.close());

    // PostgreSQL refuses NUL in text: a cursor carrying one must be a 400, never reach the database.
    for (const url of ['/hosts?before=%00', '/tokens?before=a%01b', '/audit?before=%00']) {
      it(`refuses a control character in the cursor of /api/v1${url.split('?')[0]}`, async () => {
        assertError(await customer.get(url), 400, 'validation_failed');
      });
    }

    it('refuses a limit outside 1..200', async () => {
      const response = await customer.get('/hosts?limit=201');
      assert.equal(response.statusCode, 400);
    });
  });
}
