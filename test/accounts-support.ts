/**
 * Helpers shared by the accounts integration tests: a tiny browser (keeps cookies, echoes the CSRF
 * cookie like the dashboard does) and readers for links mailed to the outbox.
 */
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { TestApp } from './support/app.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RequestOptions {
  /** Leave out the X-CSRF-Token header (to test the CSRF check). */
  csrf?: boolean;
  headers?: Record<string, string>;
  /** A raw body, sent as is with content-type application/json. */
  raw?: string;
  ip?: string;
}

export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(private readonly app: FastifyInstance) {}

  async request(
    method: Method,
    url: string,
    payload?: unknown,
    options: RequestOptions = {},
  ): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = this.cookies.get('imhost_csrf');
    if (csrf && options.csrf !== false && method !== 'GET') headers['x-csrf-token'] = csrf;
    const body = options.raw ?? (payload === undefined ? undefined : JSON.stringify(payload));
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await this.app.inject({
      method,
      url: `/api/v1${url}`,
      headers,
      ...(body === undefined ? {} : { payload: body }),
      ...(options.ip ? { remoteAddress: options.ip } : {}),
    });
    for (const cookie of response.cookies as { name: string; value: string; maxAge?: number }[]) {
      if (cookie.value === '' || cookie.maxAge === 0) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return response;
  }

  get(url: string, options?: RequestOptions) {
    return this.request('GET', url, undefined, options);
  }
  post(url: string, payload?: unknown, options?: RequestOptions) {
    return this.request('POST', url, payload ?? {}, options);
  }
  patch(url: string, payload?: unknown, options?: RequestOptions) {
    return this.request('PATCH', url, payload ?? {}, options);
  }
  delete(url: string, options?: RequestOptions) {
    return this.request('DELETE', url, undefined, options);
  }
}

export function errorCode(response: LightMyRequestResponse): string {
  return (response.json() as { error: { code: string } }).error.code;
}

/** Asserts the status and the error code together, and shows the body when they differ. */
export function assertError(response: LightMyRequestResponse, status: number, code: string): void {
  assert.equal(response.statusCode, status, response.body);
  assert.equal(errorCode(response), code, response.body);
}

/** The token of the newest link of this kind mailed to this address. */
export async function mailedToken(
  test: TestApp,
  to: string,
  path: '/verify-email' | '/reset-password',
): Promise<string> {
  const { items } = await test.ctx.platform.mailer.list({ limit: 100 });
  for (const message of items) {
    if (!message.recipients.includes(to)) continue;
    const match = new RegExp(`http://imhost\\.test${path}\\?token=([A-Za-z0-9_%-]+)`).exec(message.text);
    if (match) return decodeURIComponent(match[1]!);
  }
  throw new Error(`no ${path} link was mailed to ${to}`);
}

export const PASSWORD = 'correct horse battery';

let counter = 0;
/** A fresh address per call, so tests in one database never clash. */
export function uniqueEmail(label = 'user'): string {
  counter += 1;
  return `${label}${counter}@example.com`;
}

export async function signUp(test: TestApp, options: { email?: string; organization?: string } = {}) {
  const browser = new Browser(test.app);
  const email = options.email ?? uniqueEmail();
  const response = await browser.post('/signup', {
    email,
    password: PASSWORD,
    name: 'Ann Lee',
    organization: options.organization ?? 'Acme',
  });
  assert.equal(response.statusCode, 201, response.body);
  const body = response.json() as {
    user: { id: string; email: string };
    customer: { id: string; name: string; role: string };
  };
  return { browser, email, user: body.user, customer: body.customer };
}

/** A staff user made the way the CLI makes one, then signed in through the API. */
export async function staffSession(test: TestApp, role: 'admin' | 'support' | 'billing' = 'admin') {
  const email = uniqueEmail(`staff-${role}`);
  await test.ctx.accounts.createStaff({ email, password: PASSWORD, name: 'Sam Staff', role });
  const browser = new Browser(test.app);
  const response = await browser.post('/login', { email, password: PASSWORD });
  assert.equal(response.statusCode, 200, response.body);
  return { browser, email };
}
