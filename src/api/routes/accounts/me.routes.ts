import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { ApiContext } from '../../context.js';
import type { AuthContext } from '../../plugins/auth-types.js';
import { requireUser } from '../../plugins/auth.js';
import {
  body,
  DisplayName,
  errors,
  Me,
  NoContent,
  Password,
  TotpCode,
  TwoFactorSetup,
} from './accounts.schemas.js';

const tags = ['accounts'];

/** requireUser has run, so the caller is known. */
function caller(request: FastifyRequest): AuthContext {
  return request.auth!;
}

/** The signed-in user's own account: profile, password and two-factor. */
export function meRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/me',
      {
        schema: {
          tags,
          summary: 'Who am I: the user, the customer acted for, and the CSRF token',
          response: { 200: Me, ...errors },
        },
        preHandler: requireUser,
      },
      async (request) => {
        const auth = caller(request);
        return ctx.accounts.getMe(auth.user.id, auth.sessionId);
      },
    );

    app.patch(
      '/me',
      {
        schema: {
          tags,
          summary: 'Change my profile',
          body: body({ name: Type.Optional(DisplayName) }),
          response: { 200: Me, ...errors },
        },
        preHandler: requireUser,
        config: { audit: { action: 'user.update_profile', targetType: 'user' } },
      },
      async (request) => {
        const auth = caller(request);
        await ctx.accounts.updateProfile(auth.user.id, request.body);
        request.auditTarget = { type: 'user', id: auth.user.id };
        return ctx.accounts.getMe(auth.user.id, auth.sessionId);
      },
    );

    app.post(
      '/me/password',
      {
        schema: {
          tags,
          summary: 'Change my password; every other session ends',
          body: body({ currentPassword: Password, newPassword: Password }),
          response: { 204: NoContent, ...errors },
        },
        preHandler: requireUser,
        config: { audit: { action: 'user.change_password' } },
      },
      async (request, reply) => {
        const auth = caller(request);
        await ctx.accounts.changePassword(auth.user.id, auth.sessionId, request.body);
        request.auditTarget = { type: 'user', id: auth.user.id };
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/me/verification-email',
      {
        schema: {
          tags,
          summary: 'Email a new verification link (at most one a minute; nothing if already verified)',
          response: { 202: Type.Object({}), ...errors },
        },
        preHandler: requireUser,
        config: { audit: { action: 'user.resend_verification' } },
      },
      async (request, reply) => {
        const auth = caller(request);
        await ctx.accounts.resendVerificationEmail(auth.user.id);
        request.auditTarget = { type: 'user', id: auth.user.id };
        return reply.code(202).send({});
      },
    );

    app.post(
      '/me/2fa/setup',
      {
        schema: {
          tags,
          summary: 'Start two-factor enrolment: a new TOTP secret, its otpauth:// URL and a QR code',
          response: {
            200: TwoFactorSetup,
            ...errors,
          },
        },
        preHandler: requireUser,
        config: { audit: { action: 'user.2fa_setup' } },
      },
      async (request) => {
        const auth = caller(request);
        request.auditTarget = { type: 'user', id: auth.user.id };
        return ctx.accounts.setUpTwoFactor(auth.user.id);
      },
    );

    app.post(
      '/me/2fa/enable',
      {
        schema: {
          tags,
          summary: 'Turn two-factor on by confirming a code from the app',
          body: body({ code: TotpCode }),
          response: { 204: NoContent, ...errors },
        },
        preHandler: requireUser,
        config: { audit: { action: 'user.2fa_enable' } },
      },
      async (request, reply) => {
        const auth = caller(request);
        await ctx.accounts.enableTwoFactor(auth.user.id, request.body.code);
        request.auditTarget = { type: 'user', id: auth.user.id };
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/me/2fa/disable',
      {
        schema: {
          tags,
          summary: 'Turn two-factor off; needs a current code',
          body: body({ code: TotpCode }),
          response: { 204: NoContent, ...errors },
        },
        preHandler: requireUser,
        config: { audit: { action: 'user.2fa_disable' } },
      },
      async (request, reply) => {
        const auth = caller(request);
        await ctx.accounts.disableTwoFactor(auth.user.id, request.body.code);
        request.auditTarget = { type: 'user', id: auth.user.id };
        return reply.code(204).send(null);
      },
    );
  };
}
