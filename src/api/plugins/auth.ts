import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { NewSession, Principal, StaffRole } from '../../accounts/index.js';
import { AppError } from '../../lib/errors.js';
import { constantTimeEqual } from '../../lib/hash.js';
import type { ApiContext } from '../context.js';
import type { AuthContext } from './auth-types.js';

export const SESSION_COOKIE = 'imhost_session';
export const CSRF_COOKIE = 'imhost_csrf';

const API_PREFIX = '/api/v1';
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Writes that need no CSRF header: they are how a browser gets a session in the first place, or
 * they carry their own proof (an emailed or printed one-time token) and act on no session.
 */
const CSRF_EXEMPT = new Set(
  [
    '/signup',
    '/login',
    '/setup',
    '/password-reset',
    '/password-reset/confirm',
    '/verify-email',
    '/invitations/lookup',
    '/invitations/accept',
    '/member-password-reset/lookup',
    '/member-password-reset/confirm',
  ].map((p) => API_PREFIX + p),
);

/** What a staff user who still has to enrol in two-factor may reach: enough to enrol or leave (and the public API document). */
function allowedBeforeEnrollment(route: string): boolean {
  return (
    route === `${API_PREFIX}/me` ||
    route === `${API_PREFIX}/logout` ||
    route === `${API_PREFIX}/openapi.json` ||
    route.startsWith(`${API_PREFIX}/me/2fa/`)
  );
}

function toAuthContext(principal: Principal): AuthContext {
  return {
    user: principal.user,
    customerId: principal.customerId,
    customerRole: principal.customerRole,
    via: principal.via,
    sessionId: principal.sessionId,
  };
}

/**
 * Only the Bearer scheme is ours. Other schemes (Basic added by a reverse proxy in front of a staging
 * install, say) are not meant for imhost and are ignored rather than refused.
 */
function bearerToken(request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S*)\s*$/i.exec(request.headers.authorization ?? '');
  return match ? match[1] : undefined;
}

async function resolvePrincipal(request: FastifyRequest, ctx: ApiContext): Promise<Principal | null> {
  const token = bearerToken(request);
  if (token !== undefined) {
    const principal = token ? await ctx.accounts.authenticateApiToken(token) : null;
    // A wrong token is an error even on public routes: the caller meant to be someone.
    if (!principal)
      throw new AppError('unauthenticated', { message: 'The API token is invalid or revoked.' });
    return principal;
  }
  const cookieValue = request.cookies[SESSION_COOKIE];
  return cookieValue ? ctx.accounts.authenticateSession(cookieValue) : null;
}

function enforceCsrf(request: FastifyRequest, principal: Principal, route: string): void {
  if (principal.via !== 'session' || !WRITE_METHODS.has(request.method) || CSRF_EXEMPT.has(route)) return;
  // Outside the API nothing acts on the session cookie (an XEP-0363 upload is authorised by its
  // slot's secret alone), so a browser XMPP client on our origin may PUT with the cookie attached.
  if (!route.startsWith(API_PREFIX)) return;
  const header = request.headers['x-csrf-token'];
  const sent = Array.isArray(header) ? header[0] : header;
  if (!sent || !principal.csrfToken || !constantTimeEqual(sent, principal.csrfToken))
    throw new AppError('csrf_failed');
}

/**
 * Resolves every request's caller (Bearer token first, then the session cookie) into request.auth,
 * then applies the two rules that hold for every route: CSRF double submit on cookie-authenticated
 * writes, and staff two-factor enrolment when IMHOST_STAFF_2FA=required.
 */
export function registerAuth(app: FastifyInstance, ctx: ApiContext): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    const route = request.routeOptions.url ?? request.url.split('?')[0] ?? '';
    const principal = await resolvePrincipal(request, ctx);
    if (!principal) return;
    enforceCsrf(request, principal, route);
    if (
      ctx.accounts.staffTwoFactorRequired &&
      principal.user.kind === 'staff' &&
      !principal.twoFactorEnabled &&
      route.startsWith(`${API_PREFIX}/`) &&
      !allowedBeforeEnrollment(route)
    ) {
      throw new AppError('totp_enrollment_required');
    }
    request.auth = toAuthContext(principal);
  });
}

function cookieOptions(ctx: ApiContext, httpOnly: boolean, maxAgeSeconds: number) {
  return {
    path: '/',
    httpOnly,
    sameSite: 'lax' as const,
    secure: ctx.config.publicUrl.startsWith('https:'),
    maxAge: maxAgeSeconds,
  };
}

/** The session cookie is HttpOnly; the CSRF cookie is readable so the dashboard can echo it. */
export function setSessionCookies(reply: FastifyReply, ctx: ApiContext, session: NewSession): void {
  reply.setCookie(SESSION_COOKIE, session.cookieValue, cookieOptions(ctx, true, session.maxAgeSeconds));
  reply.setCookie(CSRF_COOKIE, session.csrfToken, cookieOptions(ctx, false, session.maxAgeSeconds));
}

export function clearSessionCookies(reply: FastifyReply, ctx: ApiContext): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(ctx, true, 0));
  reply.clearCookie(CSRF_COOKIE, cookieOptions(ctx, false, 0));
}

/** preHandler: any signed-in caller. */
export async function requireUser(request: FastifyRequest): Promise<void> {
  if (!request.auth) throw new AppError('unauthenticated');
}

/** preHandler factory: staff with one of these roles (none listed: any staff). Admins pass every check. */
export function requireStaff(...roles: StaffRole[]): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    const auth = request.auth;
    if (!auth) throw new AppError('unauthenticated');
    if (auth.user.kind !== 'staff' || auth.user.staffRole === null) throw new AppError('staff_only');
    if (roles.length > 0 && auth.user.staffRole !== 'admin' && !roles.includes(auth.user.staffRole)) {
      throw new AppError('forbidden');
    }
  };
}

/**
 * preHandler factory: a user acting for a customer, with one of these roles (none listed: any
 * role). The owner passes every role check. The customer is request.auth.customerId.
 */
export function requireCustomer(
  ...roles: NonNullable<AuthContext['customerRole']>[]
): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    const auth = request.auth;
    if (!auth) throw new AppError('unauthenticated');
    if (auth.customerId === null || auth.customerRole === null) throw new AppError('forbidden');
    if (roles.length > 0 && auth.customerRole !== 'owner' && !roles.includes(auth.customerRole)) {
      throw new AppError('forbidden');
    }
  };
}
