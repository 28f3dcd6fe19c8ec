import { XmppProbeStream } from '../platform/probe/index.js';
import type { TlsEndpoints } from './domains-deps.js';

/** A probe that gets no answer within this long counts as failed; it never hangs a sweep. */
const PROBE_TIMEOUT_MS = 5000;

export interface ServedCertificate {
  port: 'starttls' | 'direct-tls';
  fingerprint: string | null;
  error: string | null;
}

/**
 * The certificate one port serves for the domain: XEP-0368 direct TLS, or RFC 6120 STARTTLS after
 * opening a stream to the domain; either way with the domain as SNI. Trust is not the question
 * here, which certificate is: the probe accepts any and reports its fingerprint.
 */
async function servedFingerprint(
  endpoints: TlsEndpoints,
  domain: string,
  isDirectTls: boolean,
): Promise<string> {
  const stream = await XmppProbeStream.connect(
    {
      host: endpoints.host,
      port: isDirectTls ? endpoints.directTlsPort : endpoints.starttlsPort,
      domain,
      isDirectTls,
    },
    { timeoutMs: PROBE_TIMEOUT_MS },
  );
  try {
    if (!isDirectTls) {
      await stream.open();
      await stream.startTls();
    }
    return stream.tls!.fingerprint;
  } finally {
    stream.close();
  }
}

/** The certificate each XMPP TLS port serves for the domain, by SHA-256 fingerprint. */
export async function probeServedCertificates(
  endpoints: TlsEndpoints,
  domain: string,
): Promise<ServedCertificate[]> {
  return Promise.all(
    (['starttls', 'direct-tls'] as const).map(async (port) => {
      try {
        return {
          port,
          fingerprint: await servedFingerprint(endpoints, domain, port === 'direct-tls'),
          error: null,
        };
      } catch (error) {
        return { port, fingerprint: null, error: (error as Error).message };
      }
    }),
  );
}
