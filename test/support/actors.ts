/** The people of an integration test, signed in through the API: customers and staff. */
import assert from 'node:assert/strict';
import type { TestApp } from './app.js';
import { ApiClient } from './api-client.js';

/** The password of every account the tests make. */
export const PASSWORD = 'correct horse battery';

export type StaffRole = 'admin' | 'support' | 'billing';

let counter = 0;
/** A fresh address per call, so tests in one database never clash. */
export function uniqueEmail(label = 'user', domain = 'example.com'): string {
  counter += 1;
  return `${label.toLowerCase().replace(/[^a-z0-9-]/g, '')}${counter}@${domain}`;
}

/** A signed-in dashboard user: the client that holds their session, and who they are. */
export type Actor = ApiClient & {
  email: string;
  userId: string;
  /** The customer they act for; null for staff. */
  customerId: string | null;
};

export type CustomerActor = Actor & {
  customerId: string;
  user: { id: string; email: string };
  customer: { id: string; name: string; role: string };
};

/** Signs up a new customer (a new owner of a new organisation) through the API. */
export async function signUpCustomer(
  t: TestApp,
  options: { organization?: string; email?: string; name?: string; password?: string } = {},
): Promise<CustomerActor> {
  const client = new ApiClient(t.app);
  const email = options.email ?? uniqueEmail();
  const response = await client.post('/signup', {
    email,
    password: options.password ?? PASSWORD,
    name: options.name ?? 'Ann Lee',
    organization: options.organization ?? 'Acme',
  });
  assert.equal(response.statusCode, 201, response.body);
  const body = response.json<Pick<CustomerActor, 'user' | 'customer'>>();
  return Object.assign(client, {
    email,
    userId: body.user.id,
    customerId: body.customer.id,
    user: body.user,
    customer: body.customer,
  });
}

/** A staff user made the way the CLI makes one, then signed in through the API. */
export async function signInStaff(t: TestApp, role: StaffRole = 'admin', name = 'Sam Staff'): Promise<Actor> {
  const email = uniqueEmail(`staff-${role}`);
  const user = await t.ctx.accounts.createStaff({ email, password: PASSWORD, name, role });
  const client = new ApiClient(t.app);
  const response = await client.post('/login', { email, password: PASSWORD });
  assert.equal(response.statusCode, 200, response.body);
  return Object.assign(client, { email, userId: user.id, customerId: null });
}
