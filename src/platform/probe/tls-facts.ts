import type { X509Certificate } from 'node:crypto';
import type tls from 'node:tls';

/** What a TLS handshake showed a client: the certificate it got and whether a client would trust it. */
export interface TlsFacts {
  protocol: string | null;
  cipher: string | null;
  subject: string;
  issuer: string;
  /** DNS names the certificate is valid for (its subjectAltName, or the CN when it has none). */
  names: string[];
  notBefore: Date;
  notAfter: Date;
  fingerprint: string;
  isSelfSigned: boolean;
  /**
   * Why the chain is not trusted (OpenSSL's code, e.g. `SELF_SIGNED_CERT_IN_CHAIN`), or null.
   * Validity dates are left out: whether the certificate has expired is judged against the caller's
   * clock (see `isExpiredAt`), not the machine's.
   */
  trustError: string | null;
  /** Whether the certificate names the domain the client asked for. */
  isNameOk: boolean;
}

/** OpenSSL's verdicts about dates only: the caller judges those with its own clock. */
const DATE_ERRORS = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

function namesOf(certificate: X509Certificate): string[] {
  const alt = certificate.subjectAltName;
  if (alt)
    return alt
      .split(', ')
      .filter((entry) => entry.startsWith('DNS:'))
      .map((entry) => entry.slice(4));
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(certificate.subject)?.[1];
  return cn ? [cn] : [];
}

/** The facts of an established TLS socket (made with `rejectUnauthorized: false`, so it always connects). */
export function tlsFactsOf(socket: tls.TLSSocket, domain: string): TlsFacts {
  const peer = socket.getPeerX509Certificate();
  if (!peer) throw new Error('the server sent no certificate');
  const authorizationError = socket.authorizationError as unknown as string | Error | null;
  const code =
    authorizationError === null || authorizationError === undefined
      ? null
      : typeof authorizationError === 'string'
        ? authorizationError
        : ((authorizationError as NodeJS.ErrnoException).code ?? authorizationError.message);
  return {
    protocol: socket.getProtocol(),
    cipher: socket.getCipher()?.name ?? null,
    subject: peer.subject,
    issuer: peer.issuer,
    names: namesOf(peer),
    notBefore: new Date(peer.validFrom),
    notAfter: new Date(peer.validTo),
    fingerprint: peer.fingerprint256,
    isSelfSigned: peer.issuer === peer.subject && peer.checkIssued(peer),
    trustError: code && !DATE_ERRORS.has(code) ? code : null,
    isNameOk: peer.checkHost(domain) !== undefined,
  };
}

export function isExpiredAt(facts: TlsFacts, now: Date): boolean {
  return facts.notAfter.getTime() <= now.getTime();
}

export function isNotYetValidAt(facts: TlsFacts, now: Date): boolean {
  return facts.notBefore.getTime() > now.getTime();
}
