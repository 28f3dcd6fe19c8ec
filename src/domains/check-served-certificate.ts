import { X509Certificate } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import type { TlsEndpoints } from './domains-deps.js';

/** A probe that gets no answer within this long counts as failed; it never hangs a sweep. */
const PROBE_TIMEOUT_MS = 5000;

export interface ServedCertificate {
  port: 'starttls' | 'direct-tls';
  fingerprint: string | null;
  error: string | null;
}

function fingerprintOf(socket: tls.TLSSocket): string {
  return new X509Certificate(socket.getPeerX509Certificate()!.raw).fingerprint256;
}

function withDeadline<T>(
  socket: net.Socket,
  run: (done: (value: T) => void, fail: (e: Error) => void) => void,
) {
  return new Promise<T>((resolve, reject) => {
    socket.setTimeout(PROBE_TIMEOUT_MS, () => {
      socket.destroy();
      reject(new Error('no answer in time'));
    });
    socket.on('error', reject);
    run(
      (value) => {
        socket.destroy();
        resolve(value);
      },
      (error) => {
        socket.destroy();
        reject(error);
      },
    );
  });
}

/** XEP-0368 direct TLS: a handshake naming the domain (SNI). */
function probeDirectTls(endpoints: TlsEndpoints, domain: string): Promise<string> {
  const socket = tls.connect({
    host: endpoints.host,
    port: endpoints.directTlsPort,
    servername: domain,
    ALPNProtocols: ['xmpp-client'],
    // We compare fingerprints ourselves: trust is not the question here, which certificate is.
    rejectUnauthorized: false,
  });
  return withDeadline(socket, (done) => socket.once('secureConnect', () => done(fingerprintOf(socket))));
}

/** RFC 6120 STARTTLS: open a stream to the domain, ask for TLS, then the handshake with SNI. */
function probeStartTls(endpoints: TlsEndpoints, domain: string): Promise<string> {
  const socket = net.connect({ host: endpoints.host, port: endpoints.starttlsPort });
  return withDeadline(socket, (done, fail) => {
    let received = '';
    let asked = false;
    socket.on('connect', () =>
      socket.write(
        `<?xml version='1.0'?><stream:stream to='${domain}' version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>`,
      ),
    );
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
      if (!asked && received.includes('</stream:features>')) {
        asked = true;
        socket.write("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
      } else if (received.includes('<proceed')) {
        socket.removeAllListeners('data');
        const secure = tls.connect({ socket, servername: domain, rejectUnauthorized: false });
        secure.once('secureConnect', () => done(fingerprintOf(secure)));
        secure.once('error', fail);
      } else if (received.includes('<stream:error')) {
        fail(new Error('the server refused the stream for this domain'));
      }
    });
  });
}

/** The certificate each XMPP TLS port serves for the domain, by SHA-256 fingerprint. */
export async function probeServedCertificates(
  endpoints: TlsEndpoints,
  domain: string,
): Promise<ServedCertificate[]> {
  const probes = [
    ['starttls', probeStartTls],
    ['direct-tls', probeDirectTls],
  ] as const;
  return Promise.all(
    probes.map(async ([port, probe]) => {
      try {
        return { port, fingerprint: await probe(endpoints, domain), error: null };
      } catch (error) {
        return { port, fingerprint: null, error: (error as Error).message };
      }
    }),
  );
}
