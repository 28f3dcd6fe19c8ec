import type { TlsHandshake, TlsProbeFailure, VersionSupport, XmppTlsMode } from '../../platform/tls/index.js';
import { checkResult, type CheckResult } from './check-result.js';

/** What the probes measured on one port. */
export type PortProbe =
  | {
      mode: XmppTlsMode;
      port: number;
      versions: VersionSupport[];
      /** A weak suite the port accepted, or null. */
      weakCipher: string | null;
      /** A handshake as a current client makes it. */
      handshake: TlsHandshake;
    }
  | { mode: XmppTlsMode; port: number; failure: TlsProbeFailure; error: string };

const BROKEN_VERSIONS = new Set(['TLSv1', 'TLSv1.1']);

const VERSION_NAMES: Record<string, string> = {
  TLSv1: 'TLS 1.0',
  'TLSv1.1': 'TLS 1.1',
  'TLSv1.2': 'TLS 1.2',
  'TLSv1.3': 'TLS 1.3',
};
const versionName = (version: string) => VERSION_NAMES[version] ?? version;

function versionLine(support: VersionSupport): string {
  const name = versionName(support.version);
  switch (support.status) {
    case 'accepted':
      return `${name}: accepted (${support.cipher})`;
    case 'refused':
      return `${name}: refused`;
    case 'untested':
      return `${name}: not tested (our TLS library cannot offer it: ${support.detail})`;
  }
}

/**
 * TLS 1.0 and 1.1 are broken (RFC 8996): accepting them fails. A port without TLS 1.3, or one
 * that agrees to a weak cipher when a client offers only weak ones, is worth fixing (warn).
 */
export function judgeTls(check: 'tls_starttls' | 'tls_direct', probe: PortProbe | undefined): CheckResult {
  if (!probe)
    return checkResult(
      check,
      'warn',
      'Not measured: the IM server does not run in the process that ran this audit.',
      {
        fixedBy: 'provider',
      },
    );
  const where = `port ${probe.port}`;
  if ('failure' in probe)
    return checkResult(
      check,
      'fail',
      probe.failure === 'stream'
        ? `The server on ${where} would not start encryption: ${probe.error}.`
        : `No encrypted connection could be made on ${where}: ${probe.error}.`,
      { fixedBy: 'provider', details: [`${where}: ${probe.failure}`] },
    );
  const details = [
    ...probe.versions.map(versionLine),
    `A current client gets ${versionName(probe.handshake.protocol)} with ${probe.handshake.cipher}.`,
    probe.weakCipher ? `Accepted a weak cipher: ${probe.weakCipher}.` : 'Refused every weak cipher offered.',
  ];
  const broken = probe.versions.filter((v) => v.status === 'accepted' && BROKEN_VERSIONS.has(v.version));
  if (broken.length > 0)
    return checkResult(
      check,
      'fail',
      `The server on ${where} still accepts ${broken.map((v) => versionName(v.version)).join(' and ')}, which can be broken.`,
      { fixedBy: 'provider', details },
    );
  const problems: string[] = [];
  if (!probe.versions.some((v) => v.version === 'TLSv1.3' && v.status === 'accepted'))
    problems.push('it does not offer TLS 1.3, the newest and fastest version');
  if (probe.weakCipher) problems.push(`it accepts the weak cipher ${probe.weakCipher}`);
  if (problems.length > 0)
    return checkResult(check, 'warn', `Encryption on ${where} works, but ${problems.join(', and ')}.`, {
      fixedBy: 'provider',
      details,
    });
  return checkResult(check, 'pass', `Only TLS 1.2 and 1.3 with strong ciphers on ${where}.`, {
    fixedBy: 'provider',
    details,
  });
}
