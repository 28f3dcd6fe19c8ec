/**
 * The dashboard's only way to the server: JSON over /api/v1 with the session cookie. Writes echo the
 * readable `imhost_csrf` cookie in `X-CSRF-Token` (double-submit CSRF protection), and once they
 * succeed, announce what they changed so the data on screen is read again (changes.ts).
 */
import { announceChange } from './changes';

export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Field problems from `details`, or the field a well-known error code is about. */
  get fieldProblems(): FieldProblem[] {
    const problems = fieldProblemsFrom(this.details);
    if (problems.length > 0) return problems;
    return (fieldsByCode[this.code] ?? []).map((field) => ({ field, message: this.message }));
  }
}

/** Error codes that are about one input, so the form can show the message beside it. */
const fieldsByCode: Record<string, string[]> = {
  email_taken: ['email'],
  email_invalid: ['email'],
  password_too_short: ['password', 'newPassword'],
  password_too_common: ['password', 'newPassword'],
  password_too_long: ['password', 'newPassword'],
  wrong_password: ['currentPassword'],
  totp_invalid: ['totp', 'code'],
  domain_invalid: ['domain'],
  domain_taken: ['domain'],
  username_invalid: ['username'],
  member_exists: ['username'],
};

function fieldProblemsFrom(details: unknown): FieldProblem[] {
  const entries = Array.isArray(details) ? details : details && typeof details === 'object' ? [details] : [];
  const problems: FieldProblem[] = [];
  for (const entry of entries) {
    if (!entry || typeof entry !== 'object') continue;
    const { field, path, message } = entry as { field?: unknown; path?: unknown; message?: unknown };
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

let csrfFallback: string | null = null;

/** GET /me also returns the CSRF token; it is used when the cookie cannot be read. */
export function rememberCsrfToken(token: string | null | undefined): void {
  csrfFallback = token ?? null;
}

function csrfToken(): string | null {
  const match = document.cookie.split('; ').find((part) => part.startsWith('imhost_csrf='));
  return match ? decodeURIComponent(match.slice('imhost_csrf='.length)) : csrfFallback;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // A FormData body sets its own multipart content type with the boundary.
  const isForm = body instanceof FormData;
  if (body !== undefined && !isForm) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const token = csrfToken();
    if (token) headers['x-csrf-token'] = token;
  }
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(
      0,
      'network_error',
      'The server cannot be reached. Check your connection and try again.',
    );
  }
  const text = await response.text();
  let payload: unknown = undefined;
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = undefined;
    }
  }
  if (!response.ok) {
    const error = (payload as { error?: { code?: string; message?: string; details?: unknown } } | undefined)
      ?.error;
    const code = error?.code ?? 'http_error';
    // The fields themselves show what is wrong; the summary only has to point at them.
    const message =
      code === 'validation_failed' && fieldProblemsFrom(error?.details).length > 0
        ? 'Some fields need attention.'
        : (error?.message ?? `The server answered ${response.status}.`);
    throw new ApiError(response.status, code, message, error?.details);
  }
  if (method !== 'GET') announceChange(path);
  return payload as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
  /** multipart/form-data, for forms with files. */
  postForm: <T>(path: string, form: FormData) => request<T>('POST', path, form),
};

/** A path segment or query value, escaped. */
export function seg(value: string): string {
  return encodeURIComponent(value);
}
