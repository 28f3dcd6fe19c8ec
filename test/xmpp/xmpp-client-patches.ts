/**
 * What the @xmpp/client scenario scripts change in Node before they connect, so the client reaches
 * a test domain that has no DNS and sends SNI on direct TLS.
 */
import dns from 'node:dns';
import net from 'node:net';
import tls from 'node:tls';

/**
 * Direct TLS connects to the XMPP domain by name (and checks the certificate against it); the test
 * domain has no DNS, so it resolves to the loopback address here.
 */
export function resolveToLoopback(domain: string): void {
  const systemLookup = dns.lookup;
  (dns as { lookup: unknown }).lookup = (hostname: string, options: unknown, callback: unknown) =>
    hostname === domain
      ? (typeof options === 'function' ? options : (callback as (...a: unknown[]) => void))(
          null,
          (options as { all?: boolean })?.all ? [{ address: '127.0.0.1', family: 4 }] : '127.0.0.1',
          4,
        )
      : (systemLookup as (...a: unknown[]) => void)(hostname, options, callback);
}

/**
 * COMPAT(@xmpp/client 0.14): its direct-TLS transport calls tls.connect({ host, port }) without
 * `servername`, so Node sends no SNI and the server cannot pick the host's certificate. Real
 * clients send SNI; give this one the default it lacks.
 */
export function sendSniOnDirectTls(): void {
  const tlsConnect = tls.connect;
  (tls as { connect: unknown }).connect = (options: tls.ConnectionOptions, ...rest: unknown[]) =>
    (tlsConnect as (...a: unknown[]) => tls.TLSSocket)(
      options.host && !options.servername && !options.socket && net.isIP(options.host) === 0
        ? { ...options, servername: options.host }
        : options,
      ...rest,
    );
}
