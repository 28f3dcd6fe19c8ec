import { checkResult, DAY_MS, type CheckResult } from './check-result.js';

/** What the domains area knows of the host's certificate (its host-page view). */
export interface HeldCertificate {
  source: 'acme' | 'operator' | 'self_signed' | 'none';
  status: 'valid' | 'pending' | 'failed' | 'expiring' | 'mismatch' | 'self_signed' | 'none';
  notAfter: string | null;
  lastError: string | null;
}

/** What a client saw in a real handshake. */
export interface ServedTrust {
  isTrusted: boolean;
  trustError: string | null;
  notAfter: string;
}

export const CERTIFICATE_WARN_DAYS = 21;
export const CERTIFICATE_FAIL_DAYS = 7;

const TRUST_ERRORS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'it comes from an authority apps do not know',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'it comes from an authority apps do not know',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its chain is incomplete',
  CERT_HAS_EXPIRED: 'it has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'it is for another name',
};

const DNS_FIX =
  'Set the DNS records shown in the Domain section of this page (and press "Check DNS now"): a trusted certificate is then issued and renewed automatically.';

/**
 * Chat apps refuse or question a certificate they do not trust, and one that expires cuts every
 * member off: untrusted or 7 days left fails, 21 days left warns (Let's Encrypt no longer emails).
 */
export function judgeCertificate(
  held: HeldCertificate | undefined,
  served: ServedTrust | undefined,
  now: Date,
): CheckResult {
  const notAfter = served?.notAfter ?? held?.notAfter ?? null;
  if (!notAfter)
    return checkResult(
      'certificate',
      'fail',
      'The host has no certificate yet, so apps cannot connect securely.',
      {
        fix: DNS_FIX,
      },
    );
  const daysLeft = Math.floor((new Date(notAfter).getTime() - now.getTime()) / DAY_MS);
  const details = [
    `Expires ${notAfter.slice(0, 10)} (${daysLeft} days left).`,
    ...(held ? [`Source: ${held.source.replace('_', '-')}.`] : []),
    ...(served
      ? [
          served.isTrusted
            ? 'Trusted by a client in a real handshake.'
            : `Not trusted in a real handshake: ${served.trustError}.`,
        ]
      : ['Not measured by a handshake (the IM server does not run here).']),
  ];
  // Renewal is ours when we issue it (ACME) or the operator installs it; the customer's part is DNS.
  const isIssuedByUs = held?.source === 'acme' || held?.source === 'operator';
  const renewalFix = isIssuedByUs
    ? { fixedBy: 'provider' as const }
    : { fix: DNS_FIX, fixedBy: 'customer' as const };
  if (daysLeft < 0)
    return checkResult('certificate', 'fail', 'The certificate has expired: apps refuse to connect.', {
      ...renewalFix,
      details,
    });
  if (held?.status === 'mismatch')
    return checkResult(
      'certificate',
      'fail',
      'A port serves another certificate than the one issued for this host.',
      {
        fixedBy: 'provider',
        details,
      },
    );
  if (served && !served.isTrusted) {
    const why = TRUST_ERRORS[served.trustError ?? ''] ?? `apps cannot verify it (${served.trustError})`;
    const fix =
      held?.status === 'failed'
        ? `The certificate authority refused: ${held.lastError ?? 'no reason given'}. ${DNS_FIX}`
        : held?.status === 'pending'
          ? DNS_FIX
          : undefined;
    return checkResult(
      'certificate',
      'fail',
      `Chat apps do not trust the certificate: ${why}. They warn members or refuse to connect.`,
      {
        ...(fix ? { fix, fixedBy: 'customer' as const } : { fixedBy: 'provider' as const }),
        details,
      },
    );
  }
  if (daysLeft <= CERTIFICATE_FAIL_DAYS)
    return checkResult(
      'certificate',
      'fail',
      `The certificate expires in ${daysLeft} days and has not been renewed.`,
      {
        ...renewalFix,
        details,
      },
    );
  if (daysLeft <= CERTIFICATE_WARN_DAYS)
    return checkResult(
      'certificate',
      'warn',
      `The certificate expires in ${daysLeft} days and has not been renewed yet.`,
      {
        ...renewalFix,
        details,
      },
    );
  return checkResult('certificate', 'pass', `Trusted, with ${daysLeft} days left.`, {
    ...renewalFix,
    details,
  });
}
