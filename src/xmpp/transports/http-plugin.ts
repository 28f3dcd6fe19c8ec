/**
 * The HTTP side of XMPP: the RFC 7395 WebSocket endpoint, XEP-0156 discovery
 * (`/.well-known/host-meta` and `host-meta.json`) for every served domain, and the routes the
 * feature modules declare (XEP-0363 uploads).
 */
import websocket from '@fastify/websocket';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { C2sStreamDeps, HostRegistry, ModuleRoutes } from '../core/index.js';
import { WebSocketIo } from './websocket-io.js';

export interface HttpPluginDeps {
  streamDeps: C2sStreamDeps;
  hosts: HostRegistry;
  /** Bytes per WebSocket frame; matches the post-authentication stanza limit. */
  maxFrameBytes: number;
  onConnection(io: WebSocketIo): void;
  /** The loaded modules' routes, read when the HTTP server is built. */
  moduleRoutes(): readonly ModuleRoutes[];
}

const WEBSOCKET_PATH = '/xmpp-websocket';

/**
 * ws reports a client's protocol violation (bad UTF-8, unknown opcode, no mask…) as an error with a
 * `WS_ERR_` code after closing with the matching status (1002, 1007, 1009): the client's mistake.
 */
function isFrameError(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('WS_ERR_');
}

function hostnameOf(request: FastifyRequest): string {
  return request.hostname.replace(/:\d+$/, '').toLowerCase();
}

function websocketUrl(request: FastifyRequest): string {
  return `${request.protocol === 'https' ? 'wss' : 'ws'}://${request.host}${WEBSOCKET_PATH}`;
}

/**
 * A module's routes in a scope of their own. Fastify cannot remove a route, so once the module is
 * unloaded each of them answers as a path nobody serves.
 */
function mountedWhileLoaded(routes: ModuleRoutes): FastifyPluginAsync {
  return async (scope) => {
    scope.addHook('onRequest', async (_request, reply) => {
      if (routes.isLoaded()) return;
      reply.callNotFound();
      return reply;
    });
    await scope.register(routes.plugin);
  };
}

export function createXmppHttpPlugin(deps: HttpPluginDeps): FastifyPluginAsync {
  return async (app) => {
    await app.register(websocket, {
      errorHandler: (error, socket, request) => {
        socket.terminate();
        const log = deps.streamDeps.core.throttledLog;
        if (isFrameError(error))
          log.info(
            { remoteAddress: request.ip, reason: error.message },
            'a WebSocket client sent an invalid frame',
          );
        else log.error({ err: error, remoteAddress: request.ip }, 'the XMPP WebSocket handler failed');
      },
      options: {
        maxPayload: deps.maxFrameBytes,
        // RFC 7395 §3.1: the client asks for the "xmpp" subprotocol and the server must agree to it.
        handleProtocols: (protocols) => (protocols.has('xmpp') ? 'xmpp' : false),
      },
    });

    for (const routes of deps.moduleRoutes()) await app.register(mountedWhileLoaded(routes));

    app.get(WEBSOCKET_PATH, { websocket: true, config: { rateLimit: false } }, (socket, request) => {
      deps.onConnection(new WebSocketIo(socket, request.ip, request.protocol === 'https', deps.streamDeps));
    });

    async function servedHost(request: FastifyRequest): Promise<boolean> {
      const host = await deps.hosts.find(hostnameOf(request));
      return host !== null && host.status !== 'terminated';
    }

    app.get('/.well-known/host-meta', { config: { rateLimit: false } }, async (request, reply) => {
      if (!(await servedHost(request)))
        return reply.code(404).type('text/plain').send('not an XMPP domain served here');
      return reply
        .type('application/xrd+xml')
        .header('access-control-allow-origin', '*')
        .send(
          `<?xml version='1.0' encoding='utf-8'?>\n<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>\n` +
            `  <Link rel='urn:xmpp:alt-connections:websocket' href='${websocketUrl(request)}'/>\n</XRD>\n`,
        );
    });

    app.get('/.well-known/host-meta.json', { config: { rateLimit: false } }, async (request, reply) => {
      if (!(await servedHost(request)))
        return reply
          .code(404)
          .send({ error: { code: 'route_not_found', message: 'not an XMPP domain served here' } });
      return reply
        .header('access-control-allow-origin', '*')
        .send({ links: [{ rel: 'urn:xmpp:alt-connections:websocket', href: websocketUrl(request) }] });
    });
  };
}
