import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { ApiContext } from './context.js';
import { registerErrorMapping } from './plugins/error-mapping.js';
import { registerAuth } from './plugins/auth.js';
import { registerAuditHook } from './plugins/audit-hook.js';
import { registerOpenApi } from './plugins/openapi.js';
import { apiRouteModules } from './routes/index.js';
import { healthRoutes } from './routes/health.routes.js';
import { acmeChallengeRoutes } from './routes/domains/domains.routes.js';
import { sharedSchemas } from './schemas.js';
import { validatorCompiler } from './validation.js';

function findWebDist(): string | undefined {
  // src/api → ../../web/dist when run from source; dist/src/api → ../../../web/dist when compiled.
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [path.resolve(here, '../../web/dist'), path.resolve(here, '../../../web/dist')]) {
    if (existsSync(path.join(candidate, 'index.html'))) return candidate;
  }
  return undefined;
}

export async function buildApp(ctx: ApiContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.logger.child({ area: 'http' }) as FastifyBaseLogger,
    bodyLimit: ctx.config.maxBodyBytes,
    trustProxy: ctx.config.trustProxy,
    // Requests are counted and timed in /metrics; a log line each would drown the useful ones.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  registerErrorMapping(app);
  for (const schema of sharedSchemas) app.addSchema(schema);

  await app.register(cookie);
  // Stripe.js loads from js.stripe.com, puts the card fields in its frames and calls api.stripe.com
  // (Stripe's documented CSP); with the sandbox none of that is allowed.
  const stripe = ctx.config.paymentGateway === 'stripe';
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...(stripe ? ['https://js.stripe.com'] : [])],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'", 'ws:', 'wss:', ...(stripe ? ['https://api.stripe.com'] : [])],
        ...(stripe ? { frameSrc: ['https://js.stripe.com', 'https://hooks.stripe.com'] } : {}),
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // The dashboard is served over plain HTTP in the embedded default; HSTS is for TLS deployments.
    hsts: ctx.config.publicUrl.startsWith('https:'),
  });

  await registerOpenApi(app, ctx.version);

  registerAuth(app, ctx);
  registerAuditHook(app, ctx);

  await app.register(healthRoutes(ctx));
  await app.register(acmeChallengeRoutes(ctx));
  await app.register(
    async (v1) => {
      for (const routes of apiRouteModules) await v1.register(routes(ctx));
    },
    { prefix: '/api/v1' },
  );

  const dist = findWebDist();
  if (dist) {
    await app.register(fastifyStatic, { root: dist, wildcard: false, index: false });
    // Client-side routes (/hosts/…, /verify-email?token=…) all load the single-page app.
    app.get('/*', { schema: { hide: true } }, async (request, reply) => {
      const pathname = request.url.split('?')[0] ?? '/';
      if (pathname.startsWith('/api/')) {
        return reply.callNotFound();
      }
      const file = pathname.slice(1);
      if (file && existsSync(path.join(dist, file)) && !file.includes('..')) return reply.sendFile(file);
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  }
  return app;
}
