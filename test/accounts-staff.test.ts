import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AppError } from '../src/lib/errors.js';
import { PASSWORD, signInStaff, signUpCustomer } from './support/actors.js';
import { ApiClient } from './support/api-client.js';
import { assertError } from './support/errors.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';

for (const dialect of testDialects()) {
  describe(`accounts: first-run setup on ${dialect}`, () => {
    let test: TestApp;
    before(async () => {
      test = await startTestApp(dialect);
    });
    after(async () => {
      await test.close();
    });

    it('creates the first staff admin once, with the one-time token only', async () => {
      const browser = new ApiClient(test.app);
      assert.deepEqual((await browser.get('/setup')).json(), { needed: true });
      assert.equal(await test.ctx.accounts.hasStaff(), false);

      const token = await test.ctx.accounts.createSetupToken();
      const form = { email: 'Founder@Example.com', password: PASSWORD, name: 'Founder' };
      assertError(await browser.post('/setup', { ...form, token: 'guessed' }), 410, 'token_invalid');
      assertError(
        await browser.post('/setup', { ...form, token, password: 'short' }),
        400,
        'password_too_short',
      );
      assertError(await browser.post('/setup', { ...form, token, role: 'admin' }), 400, 'validation_failed');

      const created = await browser.post('/setup', { ...form, token });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.json().user.email, 'founder@example.com');
      assert.equal(created.json().user.kind, 'staff');
      assert.equal(created.json().user.staffRole, 'admin');
      const me = await browser.get('/me');
      assert.equal(me.statusCode, 200, 'signed in straight away');
      assert.equal(me.json().customer, null);

      assert.deepEqual((await browser.get('/setup')).json(), { needed: false });
      assert.equal(await test.ctx.accounts.hasStaff(), true);
      const second = await test.ctx.accounts.createSetupToken();
      assertError(
        await new ApiClient(test.app).post('/setup', { ...form, email: 'other@example.com', token: second }),
        409,
        'setup_already_done',
      );
    });
  });

  describe(`accounts: staff views and role guards on ${dialect}`, () => {
    let test: TestApp;
    before(async () => {
      test = await startTestApp(dialect);
    });
    after(async () => {
      await test.close();
    });

    it('lists customers newest first with their owner, page by page', async () => {
      const first = await signUpCustomer(test, { organization: 'First Org' });
      test.clock.advance(1000);
      const second = await signUpCustomer(test, { organization: 'Second Org' });
      test.clock.advance(1000);
      const third = await signUpCustomer(test, { organization: 'Third Org' });
      const browser = await signInStaff(test, 'billing');

      const page1 = await browser.get('/admin/customers?limit=2');
      assert.equal(page1.statusCode, 200, page1.body);
      const body1 = page1.json();
      assert.deepEqual(
        body1.items.map((c: { name: string }) => c.name),
        ['Third Org', 'Second Org'],
      );
      assert.equal(body1.items[0].ownerEmail, third.email);
      assert.equal(body1.items[0].id, third.customer.id);
      assert.equal(body1.items[1].ownerEmail, second.email);
      assert.ok(body1.nextCursor);

      const page2 = (await browser.get(`/admin/customers?limit=2&before=${body1.nextCursor}`)).json();
      assert.deepEqual(
        page2.items.map((c: { id: string }) => c.id),
        [first.customer.id],
      );
      assert.equal(page2.nextCursor, null);

      assertError(await browser.get('/admin/customers?limit=0'), 400, 'validation_failed');
      assertError(await browser.get('/admin/customers?limit=abc'), 400, 'validation_failed');
      assertError(await browser.get('/admin/customers?sort=name'), 400, 'validation_failed');
    });

    it('lists staff users for staff', async () => {
      const browser = await signInStaff(test, 'support');
      const { email } = browser;
      const response = await browser.get('/admin/staff');
      assert.equal(response.statusCode, 200, response.body);
      const found = response.json().items.find((u: { email: string }) => u.email === email);
      assert.equal(found.staffRole, 'support');
      assert.equal(found.emailVerified, true);
    });

    it('keeps customers and anonymous callers out of staff views', async () => {
      const browser = await signUpCustomer(test);
      assertError(await browser.get('/admin/customers'), 403, 'staff_only');
      assertError(await browser.get('/admin/staff'), 403, 'staff_only');
      assertError(await new ApiClient(test.app).get('/admin/customers'), 401, 'unauthenticated');
    });

    it('gives the CLI what it needs: staff creation and customer lookup by user email', async () => {
      const owner = await signUpCustomer(test);
      assert.equal(
        await test.ctx.accounts.findCustomerByUserEmail(` ${owner.email.toUpperCase()} `),
        owner.customer.id,
      );
      await assert.rejects(
        test.ctx.accounts.findCustomerByUserEmail('nobody@example.com'),
        (error: unknown) => error instanceof AppError && error.code === 'customer_not_found',
      );
      const staff = await test.ctx.accounts.createStaff({
        email: 'ops@example.com',
        password: PASSWORD,
        name: 'Ops',
        role: 'billing',
      });
      assert.equal(staff.staffRole, 'billing');
      await assert.rejects(
        test.ctx.accounts.createStaff({
          email: 'OPS@example.com',
          password: PASSWORD,
          name: 'Ops again',
          role: 'admin',
        }),
        (error: unknown) => error instanceof AppError && error.code === 'email_taken',
      );
      await assert.rejects(
        test.ctx.accounts.findCustomerByUserEmail('ops@example.com'),
        (error: unknown) => error instanceof AppError && error.code === 'customer_not_found',
        'staff act for no customer',
      );
    });
  });
}
