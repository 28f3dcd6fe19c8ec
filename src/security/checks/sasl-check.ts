import type { StreamFeatures } from '../../platform/tls/index.js';
import { checkResult, type CheckResult } from './check-result.js';

export interface SaslFacts {
  /** The client port's features in the clear (before STARTTLS). */
  beforeTls: StreamFeatures | null;
  /** The mechanisms offered once encrypted, on each port measured. */
  afterTls: string[] | null;
}

/** Mechanisms that send the password in a form an eavesdropper or a stolen database can reuse. */
const WEAK_MECHANISMS = ['DIGEST-MD5', 'CRAM-MD5', 'ANONYMOUS', 'LOGIN'];

/**
 * PLAIN before TLS sends the password in the clear: fail. Any login before TLS means encryption
 * is not required (warn). Once encrypted, SCRAM-SHA-256 should be there and the weak ones not.
 */
export function judgeSasl(facts: SaslFacts | undefined): CheckResult {
  if (!facts || (!facts.beforeTls && !facts.afterTls))
    return checkResult(
      'sasl',
      'warn',
      'Not measured: the IM server does not run in the process that ran this audit.',
      {
        fixedBy: 'provider',
      },
    );
  const before = facts.beforeTls;
  const after = facts.afterTls ?? [];
  const details = [
    `Before encryption: ${before ? (before.mechanisms.join(', ') || 'no login offered') + (before.isStartTlsRequired ? ' (encryption required)' : '') : 'not measured'}.`,
    `After encryption: ${after.join(', ') || 'no login offered'}.`,
  ];
  const options = { fixedBy: 'provider' as const, details };
  if (before?.mechanisms.includes('PLAIN'))
    return checkResult(
      'sasl',
      'fail',
      'Members can log in with their password in the clear, before the connection is encrypted.',
      options,
    );
  if (before && !before.isStartTlsOffered)
    return checkResult('sasl', 'fail', 'The client port does not offer encryption (STARTTLS).', options);
  if (before && before.mechanisms.length > 0)
    return checkResult('sasl', 'warn', 'Logging in is possible before the connection is encrypted.', options);
  const weak = after.filter((mechanism) => WEAK_MECHANISMS.includes(mechanism));
  if (weak.length > 0)
    return checkResult('sasl', 'warn', `Outdated login methods are offered: ${weak.join(', ')}.`, options);
  if (!after.includes('SCRAM-SHA-256'))
    return checkResult(
      'sasl',
      'warn',
      'The strongest common login method (SCRAM-SHA-256) is not offered.',
      options,
    );
  return checkResult(
    'sasl',
    'pass',
    'Logins are encrypted, with SCRAM password proofs that never send the password.',
    options,
  );
}
