/**
 * The two client ports: 5222 (plain TCP, STARTTLS required before authentication) and 5223
 * (XEP-0368 direct TLS, ALPN `xmpp-client`). Both pick the certificate by the requested domain:
 * the stream's `to` for STARTTLS, SNI for direct TLS.
 */
import net from 'node:net';
import tls, { type SecureContext } from 'node:tls';
import { MIN_TLS_VERSION, SERVER_CIPHERS } from '../../platform/tls/index.js';
import type { C2sStreamDeps } from '../core/index.js';
import { SocketIo } from './socket-io.js';

export interface TcpListenerDeps {
  streamDeps: C2sStreamDeps;
  /** The certificate for a served domain, or undefined for names this server does not serve. */
  contextFor(domain: string): Promise<SecureContext | undefined>;
  /** For clients that send no SNI or an unknown name. */
  fallbackContext(): Promise<SecureContext>;
  fallbackKeyPair(): Promise<{ cert: string; key: string }>;
  onConnection(io: SocketIo): void;
}

async function requiredContext(deps: TcpListenerDeps, domain: string): Promise<SecureContext> {
  return (await deps.contextFor(domain)) ?? deps.fallbackContext();
}

export function createStartTlsServer(deps: TcpListenerDeps): net.Server {
  return net.createServer({ noDelay: true }, (socket) => {
    socket.setNoDelay(true);
    deps.onConnection(
      new SocketIo(socket, deps.streamDeps, { contextFor: (domain) => requiredContext(deps, domain) }),
    );
  });
}

export async function createDirectTlsServer(deps: TcpListenerDeps): Promise<tls.Server> {
  const server = tls.createServer({
    ...(await deps.fallbackKeyPair()),
    minVersion: MIN_TLS_VERSION,
    // The first context decides the suites, even when SNI then picks the domain's own.
    ciphers: SERVER_CIPHERS,
    ALPNProtocols: ['xmpp-client'],
    SNICallback: (servername, callback) => {
      requiredContext(deps, servername.toLowerCase()).then(
        (context) => callback(null, context),
        (error: Error) => callback(error),
      );
    },
  });
  server.on('secureConnection', (socket) => {
    socket.setNoDelay(true);
    deps.onConnection(
      new SocketIo(socket, deps.streamDeps, { contextFor: (domain) => requiredContext(deps, domain) }),
    );
  });
  server.on('tlsClientError', (_error, socket) => socket.destroy());
  return server;
}
