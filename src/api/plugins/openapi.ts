import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

interface Parameter {
  required?: boolean;
  schema?: { default?: unknown };
}

/**
 * A query parameter with a default may be left out: the server fills it in. The schemas list it as
 * required (so handlers see it filled); the document tells clients what they must send.
 */
function defaultedParametersOptional<D extends { paths?: object }>(document: D): D {
  for (const operations of Object.values(document.paths ?? {}))
    for (const operation of Object.values(operations ?? {}) as { parameters?: Parameter[] }[])
      for (const parameter of operation.parameters ?? [])
        if (parameter.schema?.default !== undefined) parameter.required = false;
  return document;
}

/**
 * The API document, served at /api/v1/openapi.json (and browsable at /api/docs), built from the
 * routes' own schemas. The dashboard's types are generated from it (scripts/openapi.ts).
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    // Shared schemas keep their $id as their name in the document (ErrorCode, not def-0), which is
    // also the name the dashboard's generated types give them.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    // Each audited write names its audit action in the document (x-audit-action), so clients, and
    // the test that holds the dashboard's labels to the server, see which writes leave which trace.
    transform: ({ schema, url, route }) => {
      const action = route.config?.audit?.action;
      return { schema: action ? { ...schema, 'x-audit-action': action } : schema, url };
    },
    transformObject: (document) =>
      'openapiObject' in document
        ? defaultedParametersOptional(document.openapiObject)
        : document.swaggerObject,
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'imhost API',
        version,
        description:
          'REST API of imhost. Authenticate with the session cookie (writes need the X-CSRF-Token header ' +
          'echoing the imhost_csrf cookie) or with `Authorization: Bearer <personal API token>`. ' +
          'Errors are `{"error": {"code", "message", "details"?}}` with stable codes.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'imhost_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  // The reference runs under the dashboard's own policy (helmet's, above): swagger-ui's built-in one
  // forbids the inline styles swagger-ui itself applies, so every page load logged a violation.
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: false,
    uiConfig: { validatorUrl: null },
  });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
