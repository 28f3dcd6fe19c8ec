/**
 * Old import path of the accounts tests' helpers, kept so that tests written against it still
 * compile. New tests import from test/support/ (api-client, actors, errors, outbox) directly.
 */
import type { TestApp } from './support/app.js';
import { signInStaff, signUpCustomer, type StaffRole } from './support/actors.js';

export { ApiClient as Browser, type RequestOptions } from './support/api-client.js';
export { assertError, errorCode } from './support/errors.js';
export { mailedToken } from './support/outbox.js';
export { PASSWORD, uniqueEmail } from './support/actors.js';

export async function signUp(test: TestApp, options: { email?: string; organization?: string } = {}) {
  const browser = await signUpCustomer(test, options);
  return { browser, email: browser.email, user: browser.user, customer: browser.customer };
}

export async function staffSession(test: TestApp, role: StaffRole = 'admin') {
  const browser = await signInStaff(test, role);
  return { browser, email: browser.email };
}
