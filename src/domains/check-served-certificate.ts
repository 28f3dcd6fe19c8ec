import { handshakeXmpp, type XmppTlsMode } from '../platform/tls/index.js';
import type { TlsEndpoints } from './domains-deps.js';

export interface ServedCertificate {
  port: 'starttls' | 'direct-tls';
  fingerprint: string | null;
  error: string | null;
}

/** The certificate each XMPP TLS port serves for the domain, by SHA-256 fingerprint. */
export async function probeServedCertificates(
  endpoints: TlsEndpoints,
  domain: string,
): Promise<ServedCertificate[]> {
  const ports: [XmppTlsMode, number][] = [
    ['starttls', endpoints.starttlsPort],
    ['direct-tls', endpoints.directTlsPort],
  ];
  return Promise.all(
    ports.map(async ([mode, port]) => {
      try {
        // Trust is not the question here (the probe reports it, not enforces it): which certificate is.
        const handshake = await handshakeXmpp({ host: endpoints.host, port, mode, domain });
        return { port: mode, fingerprint: handshake.certificate?.fingerprint256 ?? null, error: null };
      } catch (error) {
        return { port: mode, fingerprint: null, error: (error as Error).message };
      }
    }),
  );
}
