import {
  handshakeXmpp,
  probeTlsVersions,
  probeWeakCipher,
  TlsProbeError,
  type XmppTlsMode,
  type XmppTlsTarget,
} from '../platform/tls/index.js';
import type { PortProbe } from './checks/tls-check.js';
import type { AuditEndpoints } from './security-deps.js';

/**
 * Measures one of our XMPP ports for a domain with real handshakes: a current client's handshake
 * (trust, the features after TLS), then one pinned to each TLS version, then weak ciphers only.
 */
export async function probePort(
  endpoints: AuditEndpoints,
  mode: XmppTlsMode,
  domain: string,
): Promise<PortProbe> {
  const port = mode === 'starttls' ? endpoints.starttlsPort : endpoints.directTlsPort;
  const target: XmppTlsTarget = { host: endpoints.host, port, mode, domain };
  try {
    const handshake = await handshakeXmpp(target, { readFeaturesAfterTls: true });
    const versions = await probeTlsVersions(target);
    const weakCipher = await probeWeakCipher(target);
    return { mode, port, handshake, versions, weakCipher };
  } catch (error) {
    if (!(error instanceof TlsProbeError)) throw error;
    return { mode, port, failure: error.failure, error: error.message };
  }
}
