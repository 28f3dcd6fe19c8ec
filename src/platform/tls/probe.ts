/**
 * Real TLS handshakes against an XMPP port, as a client would make them: STARTTLS (RFC 6120 §5:
 * the stream is opened in the clear, `<starttls/>` asked for, then the handshake) or XEP-0368
 * direct TLS. One handshake reports the protocol and cipher agreed, whether the certificate is
 * trusted, and the stream features offered before and after TLS (the SASL mechanisms). The
 * security audit, diagnostics and `imhost doctor` all probe through here.
 *
 * OpenSSL 3 refuses to offer TLS 1.0/1.1 (and weak ciphers) client-side at its default security
 * level, so a probe for them lowers the level (`@SECLEVEL=0`) for that one handshake: otherwise
 * "refused" would be our client's doing, not the server's. When even that cannot offer them (an
 * OpenSSL built without them), the answer is `untested`, never a guess.
 */
import { X509Certificate } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import { parse as parseXml } from 'ltx';

export type XmppTlsMode = 'starttls' | 'direct-tls';

export interface XmppTlsTarget {
  /** Where to connect (an address or name). */
  host: string;
  port: number;
  mode: XmppTlsMode;
  /** The XMPP domain: the stream's `to` and the SNI name. */
  domain: string;
}

export interface StreamFeatures {
  isStartTlsOffered: boolean;
  isStartTlsRequired: boolean;
  /** SASL mechanisms offered, as named by the server. */
  mechanisms: string[];
}

export interface TlsHandshake {
  /** `TLSv1.2`, `TLSv1.3`…: what was agreed. */
  protocol: string;
  /** The OpenSSL name of the cipher agreed. */
  cipher: string;
  /** Whether the certificate chains to a trusted root and names the domain. */
  isTrusted: boolean;
  /** Why it is not trusted (`DEPTH_ZERO_SELF_SIGNED_CERT`, `CERT_HAS_EXPIRED`, …). */
  trustError: string | null;
  certificate: X509Certificate | null;
  /** STARTTLS only: the features of the stream in the clear. */
  featuresBeforeTls: StreamFeatures | null;
  /** With `readFeaturesAfterTls`: the features of the stream restarted over TLS. */
  featuresAfterTls: StreamFeatures | null;
}

export type TlsProbeFailure =
  /** Nothing listens, or the name does not resolve. */
  | 'unreachable'
  | 'timeout'
  /** The server ended the handshake: it does not accept what we offered. */
  | 'refused'
  /** Our own TLS library could not offer what was asked (see the module comment). */
  | 'untested'
  /** The XMPP stream failed before TLS (a stream error, no STARTTLS offered). */
  | 'stream';

export class TlsProbeError extends Error {
  constructor(
    readonly failure: TlsProbeFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface HandshakeOptions {
  minVersion?: tls.SecureVersion;
  maxVersion?: tls.SecureVersion;
  /** An OpenSSL cipher string for TLS 1.2 and older. */
  ciphers?: string;
  /** Extra roots to trust (tests, or a private CA); the system's are trusted either way. */
  ca?: string | undefined;
  readFeaturesAfterTls?: boolean;
  timeoutMs?: number;
}

export const TLS_VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const satisfies tls.SecureVersion[];
export type TlsVersion = (typeof TLS_VERSIONS)[number];

/**
 * Suites without forward secrecy (RSA key exchange), without authentication or encryption, or with
 * broken or obsolete encryption (export, DES, 3DES, RC4, MD5, CBC with SHA-1). What is left are
 * the ECDHE/DHE AEAD suites that current guidance (Mozilla "intermediate") keeps.
 */
export const WEAK_CIPHERS = 'kRSA:aNULL:eNULL:EXPORT:DES:3DES:RC4:MD5:SHA1:@SECLEVEL=0';

const DEFAULT_TIMEOUT_MS = 5000;
/** Lets our client offer what OpenSSL 3 hides at its default level (TLS 1.0/1.1, SHA-1 suites). */
const LOWEST_LEVEL = 'DEFAULT@SECLEVEL=0';

/** Our client gave up, not the server: it could not offer the version, or would not accept its signature. */
const CLIENT_SIDE_CODES = [
  'NO_PROTOCOLS_AVAILABLE',
  'NO_CIPHERS_AVAILABLE',
  'NO_SUITABLE',
  'NO_CIPHER_MATCH',
  'LEGACY_SIGALG',
];
const UNREACHABLE_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'];

function classify(error: unknown): TlsProbeError {
  if (error instanceof TlsProbeError) return error;
  const code = String((error as { code?: unknown }).code ?? '');
  const message = (error as Error).message;
  if (UNREACHABLE_CODES.includes(code)) return new TlsProbeError('unreachable', message);
  const text = message.toUpperCase().replaceAll(' ', '_');
  if (CLIENT_SIDE_CODES.some((part) => code.includes(part) || text.includes(part)))
    return new TlsProbeError('untested', message);
  return new TlsProbeError('refused', message);
}

const streamHeader = (domain: string) =>
  `<?xml version='1.0'?><stream:stream to='${domain}' version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>`;

/** Reads what a socket receives until a complete `<stream:features>` (or a stream error) arrived. */
function readFeatures(socket: net.Socket): Promise<StreamFeatures> {
  return new Promise((resolve, reject) => {
    let received = '';
    const onData = (chunk: Buffer) => {
      received += chunk.toString('utf8');
      const error = /<stream:error[\s\S]*?<\/stream:error>/.exec(received);
      if (error) {
        socket.off('data', onData);
        const condition = /<([a-z-]+)[^>]*xmlns=['"]urn:ietf:params:xml:ns:xmpp-streams['"]/.exec(error[0]);
        reject(
          new TlsProbeError('stream', `the server ended the stream: ${condition?.[1] ?? 'stream error'}`),
        );
        return;
      }
      const features = /<stream:features[\s\S]*?<\/stream:features>|<stream:features[^>]*\/>/.exec(received);
      if (!features) return;
      socket.off('data', onData);
      resolve(parseFeatures(features[0]));
    };
    socket.on('data', onData);
  });
}

/** The parts of `<stream:features/>` a probe reports. */
export function parseFeatures(text: string): StreamFeatures {
  // The prefix is declared on the stream element, which is not part of this text.
  const element = parseXml(text.replace('<stream:features', "<stream:features xmlns:stream='s'"));
  const starttls = element.getChild('starttls', 'urn:ietf:params:xml:ns:xmpp-tls');
  const mechanisms = element.getChild('mechanisms', 'urn:ietf:params:xml:ns:xmpp-sasl');
  return {
    isStartTlsOffered: starttls !== undefined,
    isStartTlsRequired: starttls?.getChild('required') !== undefined,
    mechanisms: mechanisms?.getChildren('mechanism').map((m) => m.getText().trim()) ?? [],
  };
}

function waitFor(socket: net.Socket, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const onData = (chunk: Buffer) => {
      received += chunk.toString('utf8');
      if (/<failure|<stream:error/.test(received)) {
        socket.off('data', onData);
        reject(new TlsProbeError('stream', 'the server would not start TLS'));
      } else if (pattern.test(received)) {
        socket.off('data', onData);
        resolve(received);
      }
    };
    socket.on('data', onData);
  });
}

function secure(socket: tls.TLSSocket): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    socket.once('secureConnect', () => resolve(socket));
    socket.once('error', reject);
  });
}

function connected(socket: net.Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
}

/** One handshake with the port, as the options allow; throws TlsProbeError on failure. */
export async function handshakeXmpp(
  target: XmppTlsTarget,
  options: HandshakeOptions = {},
): Promise<TlsHandshake> {
  const tlsOptions: tls.ConnectionOptions = {
    servername: target.domain,
    // Trust is reported, not enforced: an untrusted certificate is a finding, not a failed probe.
    rejectUnauthorized: false,
    ...(options.minVersion && { minVersion: options.minVersion }),
    ...(options.maxVersion && { maxVersion: options.maxVersion }),
    ...(options.ciphers && { ciphers: options.ciphers }),
    ...(options.ca && { ca: [...tls.rootCertificates, options.ca] }),
  };
  const sockets: net.Socket[] = [];
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new TlsProbeError('timeout', 'no answer in time')),
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
  });
  const attempt = async (): Promise<TlsHandshake> => {
    let featuresBeforeTls: StreamFeatures | null = null;
    let socket: tls.TLSSocket;
    if (target.mode === 'starttls') {
      const plain = net.connect({ host: target.host, port: target.port });
      sockets.push(plain);
      await connected(plain);
      const features = readFeatures(plain);
      plain.write(streamHeader(target.domain));
      featuresBeforeTls = await features;
      if (!featuresBeforeTls.isStartTlsOffered)
        throw new TlsProbeError('stream', 'the server does not offer STARTTLS');
      const proceed = waitFor(plain, /<proceed/);
      plain.write("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
      await proceed;
      socket = tls.connect({ ...tlsOptions, socket: plain });
    } else {
      socket = tls.connect({
        ...tlsOptions,
        host: target.host,
        port: target.port,
        ALPNProtocols: ['xmpp-client'],
      });
    }
    sockets.push(socket);
    await secure(socket);
    let featuresAfterTls: StreamFeatures | null = null;
    if (options.readFeaturesAfterTls) {
      const features = readFeatures(socket);
      socket.write(streamHeader(target.domain));
      featuresAfterTls = await features;
    }
    const peer = socket.getPeerX509Certificate();
    return {
      protocol: socket.getProtocol() ?? 'unknown',
      cipher: socket.getCipher().name,
      isTrusted: socket.authorized,
      trustError: socket.authorized ? null : String(socket.authorizationError ?? 'unknown'),
      certificate: peer ? new X509Certificate(peer.raw) : null,
      featuresBeforeTls,
      featuresAfterTls,
    };
  };
  try {
    return await Promise.race([attempt(), deadline]);
  } catch (error) {
    throw classify(error);
  } finally {
    clearTimeout(timer);
    // The TLS socket before the plain one it wraps: the other order crashes Node 20 (a segfault in
    // TLSWrap reading from the freed socket).
    for (const socket of sockets.reverse()) socket.destroy();
  }
}

export interface VersionSupport {
  version: TlsVersion;
  status: 'accepted' | 'refused' | 'untested';
  /** The cipher agreed when accepted. */
  cipher: string | null;
  /** Why it was refused or not tested, as the TLS library said it. */
  detail: string | null;
}

/** Which TLS versions the port accepts: one handshake pinned to each version. */
export async function probeTlsVersions(
  target: XmppTlsTarget,
  options: Pick<HandshakeOptions, 'timeoutMs'> = {},
): Promise<VersionSupport[]> {
  const results: VersionSupport[] = [];
  for (const version of TLS_VERSIONS) {
    try {
      const handshake = await handshakeXmpp(target, {
        ...options,
        minVersion: version,
        maxVersion: version,
        // TLS 1.3 suites are chosen apart from this string, and are all strong.
        ciphers: LOWEST_LEVEL,
      });
      results.push({ version, status: 'accepted', cipher: handshake.cipher, detail: null });
    } catch (error) {
      const failure = classify(error);
      if (failure.failure === 'unreachable' || failure.failure === 'timeout' || failure.failure === 'stream')
        throw failure;
      results.push({
        version,
        status: failure.failure === 'untested' ? 'untested' : 'refused',
        cipher: null,
        detail: failure.message,
      });
    }
  }
  return results;
}

/**
 * A weak suite the port accepts over TLS 1.2 (and older), or null when it accepts none. The
 * server picks from what we offer, so offering only weak suites finds one if any is enabled.
 */
export async function probeWeakCipher(
  target: XmppTlsTarget,
  options: Pick<HandshakeOptions, 'timeoutMs'> = {},
): Promise<string | null> {
  try {
    const handshake = await handshakeXmpp(target, {
      ...options,
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1.2',
      ciphers: WEAK_CIPHERS,
    });
    return handshake.cipher;
  } catch (error) {
    const failure = classify(error);
    if (failure.failure === 'refused' || failure.failure === 'untested') return null;
    throw failure;
  }
}
