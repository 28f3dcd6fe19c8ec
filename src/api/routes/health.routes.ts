import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { pingDatabase } from '../../platform/index.js';
import type { ApiContext } from '../context.js';
import { errorBody } from '../plugins/error-mapping.js';

/**
 * Probes for load balancers and orchestrators (outside /api/v1, unauthenticated): /healthz says the
 * process answers, /readyz that it can reach its database, /metrics is the Prometheus scrape.
 * The plugin also times every HTTP response into the request metrics, so it skips Fastify's
 * encapsulation (as fastify-plugin does) to see the routes registered after it.
 */
/**
 * The one error /readyz answers. Spelled out rather than a $ref to the shared ErrorResponse: these
 * routes live outside /api/v1 and are mounted on their own by probes' tests.
 */
const NotReady = Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'service_unavailable' }),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
  }),
});

export function healthRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { metrics } = ctx.platform;
  const tags = ['health'];

  const plugin: FastifyPluginAsync = async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.addHook('onResponse', async (request, reply) => {
      // The route pattern, never the raw URL, keeps the label set small; unmatched URLs share one label.
      const route = request.routeOptions.url ?? 'unmatched';
      metrics.observeHttpRequest(
        { method: request.method, route, status: reply.statusCode },
        reply.elapsedTime / 1000,
      );
    });

    app.get(
      '/healthz',
      {
        schema: {
          tags,
          summary: 'Liveness: the process is up',
          security: [],
          response: { 200: Type.Object({ status: Type.Literal('ok'), version: Type.String() }) },
        },
      },
      async () => ({ status: 'ok' as const, version: ctx.version }),
    );

    app.get(
      '/readyz',
      {
        schema: {
          tags,
          summary: 'Readiness: the database answers',
          security: [],
          response: { 200: Type.Object({ status: Type.Literal('ok') }), 503: NotReady },
        },
      },
      async (request, reply) => {
        try {
          await pingDatabase(ctx.database.db);
        } catch (error) {
          request.log.warn({ err: error }, 'readiness check failed');
          return reply
            .code(503)
            .send(
              errorBody('service_unavailable', 'The database does not answer.', { database: 'unreachable' }),
            );
        }
        return { status: 'ok' as const };
      },
    );

    app.get(
      '/metrics',
      { schema: { tags, summary: 'Prometheus metrics (text exposition format)', security: [] } },
      async (_request, reply) => reply.type(metrics.contentType).send(await metrics.render()),
    );
  };
  Object.assign(plugin, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: 'health',
  });
  return plugin;
}
