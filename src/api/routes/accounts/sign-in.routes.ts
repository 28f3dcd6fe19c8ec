import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { ClientInfo } from '../../../accounts/index.js';
import type { ApiContext } from '../../context.js';
import { clearSessionCookies, setSessionCookies } from '../../plugins/auth.js';
import {
  body,
  Customer,
  DisplayName,
  Email,
  errors,
  NoContent,
  OneTimeToken,
  Password,
  TotpCode,
  User,
} from './accounts.schemas.js';

const tags = ['accounts'];

export function clientOf(request: FastifyRequest): ClientInfo {
  return { ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
}

/** Getting in and out: sign-up, email verification, sign-in, sign-out and password reset. */
export function signInRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/signup',
      {
        schema: {
          tags,
          summary: 'Sign up: create an organisation and its owner, email a verification link, sign in',
          security: [],
          body: body({ email: Email, password: Password, name: DisplayName, organization: DisplayName }),
          response: { 201: Type.Object({ user: User, customer: Customer }), ...errors },
        },
        config: { audit: { action: 'user.signup' } },
      },
      async (request, reply) => {
        const { user, customer, session } = await ctx.accounts.signUp(request.body, clientOf(request));
        request.auditTarget = { type: 'user', id: user.id, customerId: customer.id };
        setSessionCookies(reply, ctx, session);
        return reply.code(201).send({ user, customer });
      },
    );

    app.post(
      '/verify-email',
      {
        schema: {
          tags,
          summary: 'Confirm an email address with the token from the emailed link',
          security: [],
          body: body({ token: OneTimeToken }),
          response: { 200: Type.Object({ user: User }), ...errors },
        },
        config: { audit: { action: 'user.verify_email' } },
      },
      async (request) => {
        const user = await ctx.accounts.verifyEmail(request.body.token);
        request.auditTarget = { type: 'user', id: user.id };
        return { user };
      },
    );

    app.post(
      '/login',
      {
        schema: {
          tags,
          summary: 'Sign in with email and password (and the TOTP code when two-factor is on)',
          description:
            'Answers 401 `totp_required` when the account uses two-factor and no code was sent, and 429 ' +
            '`login_throttled` (with details.retryAfterSeconds) after too many failures for the account or the IP.',
          security: [],
          body: body({ email: Email, password: Password, totp: Type.Optional(TotpCode) }),
          response: {
            200: Type.Object({ user: User, customer: Type.Union([Customer, Type.Null()]) }),
            ...errors,
          },
        },
        config: { audit: { action: 'user.login' } },
      },
      async (request, reply) => {
        const { user, customer, session } = await ctx.accounts.logIn(request.body, clientOf(request));
        request.auditTarget = { type: 'user', id: user.id, customerId: customer?.id ?? null };
        setSessionCookies(reply, ctx, session);
        return { user, customer };
      },
    );

    app.post(
      '/logout',
      {
        schema: {
          tags,
          summary: 'Sign out: end this session and clear its cookies',
          response: { 204: NoContent, ...errors },
        },
        config: { audit: { action: 'user.logout' } },
      },
      async (request, reply) => {
        const auth = request.auth;
        if (auth?.sessionId) await ctx.accounts.logOut(auth.user.id, auth.sessionId);
        clearSessionCookies(reply, ctx);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/password-reset',
      {
        schema: {
          tags,
          summary: 'Email a password-reset link (answers 202 whether or not the address has an account)',
          security: [],
          body: body({ email: Email }),
          response: { 202: Type.Object({}), ...errors },
        },
        config: { audit: { action: 'user.password_reset_request' } },
      },
      async (request, reply) => {
        await ctx.accounts.requestPasswordReset(request.body.email);
        return reply.code(202).send({});
      },
    );

    app.post(
      '/password-reset/confirm',
      {
        schema: {
          tags,
          summary: 'Set a new password with the token from the emailed link; ends every session',
          security: [],
          body: body({ token: OneTimeToken, password: Password }),
          response: { 204: NoContent, ...errors },
        },
        config: { audit: { action: 'user.password_reset' } },
      },
      async (request, reply) => {
        const userId = await ctx.accounts.resetPassword(request.body);
        request.auditTarget = { type: 'user', id: userId };
        clearSessionCookies(reply, ctx);
        return reply.code(204).send(null);
      },
    );
  };
}
