/**
 * The dashboard's only way to the server: JSON over /api/v1 with the session cookie, typed by the
 * API document. `generated/schema.ts` is written from the server's OpenAPI document
 * (`npm run generate:api`), and openapi-fetch checks every path, parameter, body and answer against
 * it: a field the server renames fails `tsc` here instead of showing blank on a page.
 *
 * Why openapi-typescript + openapi-fetch: both are maintained together, the types are nothing but
 * the document (no generated runtime classes to keep in step), and the client is a few kilobytes
 * over `fetch`, with middleware for what every call shares.
 *
 * Writes echo the readable `imhost_csrf` cookie in `X-CSRF-Token` (double-submit CSRF protection),
 * and once they succeed, announce what they changed so the data on screen is read again (changes.ts).
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { announceChange } from './changes';
import { errorFields } from './generated/error-fields';
import type { components, paths } from './generated/schema';

/** The API's named schemas (ErrorCode, AuditAction …). */
export type Schemas = components['schemas'];

/** The client's own codes, for failures that never reached the server or that it cannot name. */
type ClientCode = 'network_error' | 'http_error' | 'client_error' | 'token_missing';

/** The server's codes (from its error registry), and the client's own. */
export type ErrorCode = Schemas['ErrorCode'] | ClientCode;

export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(status: number, code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Field problems from `details`, or the fields the server's error registry says the code is about. */
  get fieldProblems(): FieldProblem[] {
    const problems = fieldProblemsFrom(this.details);
    if (problems.length > 0) return problems;
    const fields = isServerCode(this.code) ? errorFields[this.code] : undefined;
    return (fields ?? []).map((field) => ({ field, message: this.message }));
  }
}

const clientCodes: readonly ErrorCode[] = ['network_error', 'http_error', 'client_error', 'token_missing'];

function isServerCode(code: ErrorCode): code is Schemas['ErrorCode'] {
  return !clientCodes.includes(code);
}

function fieldProblemsFrom(details: unknown): FieldProblem[] {
  const entries = Array.isArray(details) ? details : details && typeof details === 'object' ? [details] : [];
  const problems: FieldProblem[] = [];
  for (const entry of entries) {
    if (!entry || typeof entry !== 'object') continue;
    const field: unknown = 'field' in entry ? entry.field : undefined;
    const path: unknown = 'path' in entry ? entry.path : undefined;
    const message: unknown = 'message' in entry ? entry.message : undefined;
    // Validation details name the field either directly or as a JSON pointer such as `body/email`.
    const name =
      typeof field === 'string'
        ? field
        : typeof path === 'string'
          ? path.split('/').filter(Boolean).pop()
          : undefined;
    if (name && typeof message === 'string')
      problems.push({ field: name, message: readableProblem(message) });
  }
  return problems;
}

/** Schema messages for an empty or blank required field read as code; say it plainly. */
function readableProblem(message: string): string {
  return /fewer than 1 characters|must match pattern "\\S"/.test(message)
    ? 'This field is required.'
    : message;
}

/** The error answer of a failed call, as ApiError; bodies that are not our error shape still give one. */
function apiErrorOf(response: Response, body: unknown): ApiError {
  const error: Partial<Schemas['ErrorResponse']['error']> | undefined =
    body && typeof body === 'object' && 'error' in body && body.error && typeof body.error === 'object'
      ? body.error
      : undefined;
  const code = error?.code ?? 'http_error';
  // The fields themselves show what is wrong; the summary only has to point at them.
  const message =
    code === 'validation_failed' && fieldProblemsFrom(error?.details).length > 0
      ? 'Some fields need attention.'
      : (error?.message ?? `The server answered ${response.status}.`);
  return new ApiError(response.status, code, message, error?.details);
}

let csrfFallback: string | null = null;

/** GET /me also returns the CSRF token; it is used when the cookie cannot be read. */
export function rememberCsrfToken(token: string | null | undefined): void {
  csrfFallback = token ?? null;
}

function csrfCookie(): string | null {
  const match = document.cookie.split('; ').find((part) => part.startsWith('imhost_csrf='));
  return match ? decodeURIComponent(match.slice('imhost_csrf='.length)) : null;
}

function csrfToken(): string | null {
  return csrfCookie() ?? csrfFallback;
}

/**
 * Whether this browser may hold a session. The session cookie is httpOnly and unseen here, but the
 * readable CSRF cookie is set and cleared with it, so without that cookie nobody is signed in and
 * a visitor's pages need not ask the API (which would only answer 401).
 */
export function mayHaveSession(): boolean {
  return csrfCookie() !== null;
}

/** After a 401 the session is gone (expired, or ended elsewhere): forget its CSRF cookie too. */
export function forgetSessionCookie(): void {
  document.cookie = 'imhost_csrf=; Max-Age=0; path=/';
}

const isWrite = (request: Request) => request.method !== 'GET';

const sessionWrites: Middleware = {
  onRequest({ request }) {
    const token = csrfToken();
    if (isWrite(request) && token) request.headers.set('x-csrf-token', token);
  },
  onResponse({ request, response }) {
    if (isWrite(request) && response.ok) announceChange(new URL(request.url).pathname);
  },
  onError() {
    return new ApiError(
      0,
      'network_error',
      'The server cannot be reached. Check your connection and try again.',
    );
  },
};

/** The typed client: `api.GET('/api/v1/hosts/{id}', { params: { path: { id } } })`. */
export const api = createClient<paths>({
  baseUrl: window.location.origin,
  credentials: 'same-origin',
  headers: { accept: 'application/json' },
});
api.use(sessionWrites);

/** What openapi-fetch answers: the document's success body, or its error body. */
export type Answer<T> =
  { data: T; error?: never; response: Response } | { data?: never; error: unknown; response: Response };

/** The success body of an answer. */
type Success<A> = A extends { data: infer T; error?: never } ? T : never;

/** The success body of a call, or an ApiError with the server's code, message and details. */
export async function unwrap<A extends Answer<unknown>>(call: Promise<A>): Promise<Success<A>>;
export async function unwrap(call: Promise<Answer<unknown>>): Promise<unknown> {
  const answer = await call;
  if (answer.error !== undefined) throw apiErrorOf(answer.response, answer.error);
  // An error status with an empty body comes back with neither data nor error.
  if (!answer.response.ok) throw apiErrorOf(answer.response, undefined);
  return answer.data;
}

/** A path segment or query value, escaped (for the dashboard's own links). */
export function seg(value: string): string {
  return encodeURIComponent(value);
}

/**
 * Sends a body as multipart/form-data, with `files` attached after the text fields (the server reads
 * them in that order). Spread into a call: `api.POST(path, { body: fields, ...multipart(files) })`.
 */
export function multipart(files: readonly File[]) {
  return {
    bodySerializer(fields: Record<string, unknown>) {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields))
        if (typeof value === 'string') form.append(name, value);
      for (const file of files) form.append('files', file, file.name);
      return form;
    },
  };
}
