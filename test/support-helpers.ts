/** Helpers for the support desk's integration tests: sessions, JSON and multipart calls, fixtures. */
import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import type { TestApp } from './support/app.js';

export interface Session {
  cookie: string;
  csrf: string;
  userId: string;
  customerId: string | null;
  email: string;
}

const PASSWORD = 'correct horse battery staple';

function sessionFrom(response: LightMyRequestResponse): { cookie: string; csrf: string } {
  const cookies = response.cookies as { name: string; value: string }[];
  const session = cookies.find((c) => c.name === 'imhost_session');
  const csrf = cookies.find((c) => c.name === 'imhost_csrf');
  if (!session || !csrf) throw new Error(`no session cookies in ${response.statusCode} ${response.body}`);
  return { cookie: `imhost_session=${session.value}; imhost_csrf=${csrf.value}`, csrf: csrf.value };
}

let counter = 0;

export async function signUpCustomer(t: TestApp, name: string): Promise<Session> {
  const email = `${name.toLowerCase()}${++counter}@customer.test`;
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/signup',
    payload: { email, password: PASSWORD, name, organization: `${name} Ltd` },
  });
  if (response.statusCode !== 201) throw new Error(`signup failed: ${response.body}`);
  const body = response.json<{ user: { id: string }; customer: { id: string } }>();
  return { ...sessionFrom(response), userId: body.user.id, customerId: body.customer.id, email };
}

export async function signInStaff(
  t: TestApp,
  name: string,
  role: 'admin' | 'support' | 'billing' = 'support',
): Promise<Session> {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]/g, '')}${++counter}@staff.test`;
  const user = await t.ctx.accounts.createStaff({ email, password: PASSWORD, name, role });
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/login',
    payload: { email, password: PASSWORD },
  });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
  return { ...sessionFrom(response), userId: user.id, customerId: null, email };
}

export async function call(
  t: TestApp,
  who: Session | null,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  if (who) {
    headers.cookie = who.cookie;
    if (method !== 'GET') headers['x-csrf-token'] = who.csrf;
  }
  return t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

export interface FilePart {
  name: string;
  data: Buffer;
  type?: string;
}

/** Builds a real multipart/form-data body the way a browser does, through the platform's FormData. */
export async function form(
  fields: Record<string, string>,
  files: FilePart[] = [],
): Promise<{ body: Buffer; contentType: string }> {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  for (const file of files)
    data.append(
      'files',
      new Blob([new Uint8Array(file.data)], { type: file.type ?? 'application/octet-stream' }),
      file.name,
    );
  const request = new Request('http://form.invalid/', { method: 'POST', body: data });
  return {
    body: Buffer.from(await request.arrayBuffer()),
    contentType: request.headers.get('content-type') ?? '',
  };
}

export async function postForm(
  t: TestApp,
  who: Session | null,
  url: string,
  fields: Record<string, string>,
  files: FilePart[] = [],
): Promise<LightMyRequestResponse> {
  const { body, contentType } = await form(fields, files);
  const headers: Record<string, string> = { 'content-type': contentType };
  if (who) {
    headers.cookie = who.cookie;
    headers['x-csrf-token'] = who.csrf;
  }
  return t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers, payload: body });
}

export function errorCode(response: LightMyRequestResponse): string | undefined {
  return response.json<{ error?: { code: string } }>().error?.code;
}

export const DESCRIPTION = 'Since this morning no client can log in to our host; they all time out.';

export function ticketFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    departmentId: 'dep_technical',
    priority: 'normal',
    subject: 'Clients cannot log in',
    description: DESCRIPTION,
    ...overrides,
  };
}

/** A JPEG with EXIF metadata that must not survive the upload. */
export async function screenshot(): Promise<Buffer> {
  return sharp({ create: { width: 640, height: 360, channels: 3, background: '#204060' } })
    .jpeg()
    .withExif({ IFD0: { Copyright: 'exif-secret-owner' } })
    .toBuffer();
}

export async function outboxTo(t: TestApp, address: string) {
  const page = await t.ctx.platform.mailer.list({ limit: 200 });
  return page.items.filter((mail) => mail.recipients.includes(address));
}
