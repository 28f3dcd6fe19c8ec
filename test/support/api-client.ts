/**
 * The API as the dashboard calls it, for integration tests: a client that keeps the cookies the
 * server sets and echoes the CSRF cookie in `X-CSRF-Token` on every write, like the browser does.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { TestApp } from './app.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RequestOptions {
  /** Leave out the X-CSRF-Token header (to test the CSRF check). */
  csrf?: boolean;
  /** Extra headers; an `x-csrf-token` here is sent instead of the echoed one. */
  headers?: Record<string, string>;
  /** A raw body, sent as is with content-type application/json. */
  raw?: string | Buffer;
  /** The content type of a raw body (default application/json). */
  contentType?: string;
  ip?: string;
}

export class ApiClient {
  readonly cookies = new Map<string, string>();

  constructor(private readonly app: FastifyInstance) {}

  /** The Cookie header this client sends. */
  get cookie(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** The CSRF token this client echoes. */
  get csrf(): string {
    return this.cookies.get('imhost_csrf') ?? '';
  }

  /** One call to `/api/v1${url}`; a payload is sent as JSON only when given. */
  async request(
    method: Method,
    url: string,
    payload?: unknown,
    options: RequestOptions = {},
  ): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookies.size > 0) headers.cookie = this.cookie;
    const csrf = this.cookies.get('imhost_csrf');
    if (csrf && options.csrf !== false && method !== 'GET') headers['x-csrf-token'] ??= csrf;
    const body = options.raw ?? (payload === undefined ? undefined : JSON.stringify(payload));
    if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
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

  /** A multipart/form-data POST, the body built by `form`. */
  async postForm(
    url: string,
    fields: Record<string, string>,
    files: FilePart[] = [],
    options: RequestOptions = {},
  ) {
    const { body, contentType } = await form(fields, files);
    return this.request('POST', url, undefined, { ...options, raw: body, contentType });
  }
}

/** One API call as `who` (null: anonymous), a payload sent as JSON only when given. */
export function call(
  t: TestApp,
  who: ApiClient | null,
  method: Method,
  url: string,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  return (who ?? new ApiClient(t.app)).request(method, url, payload);
}

/** A multipart/form-data POST as `who` (null: anonymous). */
export function postForm(
  t: TestApp,
  who: ApiClient | null,
  url: string,
  fields: Record<string, string>,
  files: FilePart[] = [],
): Promise<LightMyRequestResponse> {
  return (who ?? new ApiClient(t.app)).postForm(url, fields, files);
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
