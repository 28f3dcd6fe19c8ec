import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { TestApp } from './support/app.js';
import type { TenancyEventMap, TenancyEventName } from '../src/tenancy/index.js';

/** A signed-in dashboard user as the browser holds it: the session cookie and the CSRF token to echo. */
export interface Caller {
  cookie: string;
  csrf: string;
  customerId: string | null;
}

function sessionOf(response: LightMyRequestResponse): Omit<Caller, 'customerId'> {
  const cookies = response.cookies as Array<{ name: string; value: string }>;
  const session = cookies.find((c) => c.name === 'imhost_session');
  const csrf = cookies.find((c) => c.name === 'imhost_csrf');
  if (!session || !csrf) throw new Error(`no session cookies in ${response.statusCode} ${response.body}`);
  return { cookie: `imhost_session=${session.value}; imhost_csrf=${csrf.value}`, csrf: csrf.value };
}

let counter = 0;

export async function signUpCustomer(t: TestApp, organization = 'Acme'): Promise<Caller> {
  counter += 1;
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/signup',
    payload: {
      email: `owner${counter}@${organization.toLowerCase()}.test`,
      password: 'a long passphrase',
      name: 'Owner',
      organization,
    },
  });
  if (response.statusCode !== 201) throw new Error(`signup failed: ${response.statusCode} ${response.body}`);
  return { ...sessionOf(response), customerId: response.json().customer.id };
}

export async function signInStaff(
  t: TestApp,
  role: 'admin' | 'support' | 'billing' = 'admin',
): Promise<Caller> {
  counter += 1;
  const email = `staff${counter}@operator.test`;
  await t.ctx.accounts.createStaff({ email, password: 'a long passphrase', name: 'Staff', role });
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/login',
    payload: { email, password: 'a long passphrase' },
  });
  if (response.statusCode !== 200)
    throw new Error(`staff login failed: ${response.statusCode} ${response.body}`);
  return { ...sessionOf(response), customerId: null };
}

/** One API call as `caller` (null: anonymous), with the CSRF header a browser would send. */
export function call(
  t: TestApp,
  caller: Caller | null,
  method: InjectOptions['method'],
  url: string,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = caller
    ? { cookie: caller.cookie, 'x-csrf-token': caller.csrf }
    : {};
  return t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

/** Adds a sandbox card (by default one that always succeeds) through the API, as the dashboard does. */
export function addCard(
  t: TestApp,
  caller: Caller,
  number = '4242 4242 4242 4242',
): Promise<LightMyRequestResponse> {
  return call(t, caller, 'POST', '/payment-methods', { number, expMonth: 12, expYear: 2030, cvc: '123' });
}

export function errorCode(response: LightMyRequestResponse): string | undefined {
  return (response.json() as { error?: { code?: string } }).error?.code;
}

/** Resolves with the next event of that name; events are emitted after the write, so await this after the call. */
export function nextEvent<E extends TenancyEventName>(t: TestApp, name: E): Promise<TenancyEventMap[E]> {
  return new Promise((resolve) => {
    const off = t.ctx.tenancy.events.on(name, (event) => {
      off();
      resolve(event);
    });
  });
}

/** Collects every event of these names from now on, for asserting what was (and was not) emitted. */
export function recordEvents(
  t: TestApp,
  names: TenancyEventName[],
): Array<{ name: TenancyEventName; event: unknown }> {
  const seen: Array<{ name: TenancyEventName; event: unknown }> = [];
  for (const name of names) t.ctx.tenancy.events.on(name, (event) => void seen.push({ name, event }));
  return seen;
}
