import type { CheckId, CheckResultView, CheckStatus } from '../views.js';

export type CheckResult = CheckResultView;

export const CHECK_TITLES: Record<CheckId, string> = {
  tls_starttls: 'Encryption on the client port (STARTTLS)',
  tls_direct: 'Encryption on the direct TLS port',
  certificate: 'Certificate',
  sasl: 'Login methods',
  dns: 'DNS records',
  idle_members: 'Unused member accounts',
  attacked_accounts: 'Accounts under attack',
  failed_login_spike: 'Failed logins',
  team_2fa: 'Two-factor sign-in of your team',
  software_version: 'Server software version',
  staff_2fa: 'Two-factor sign-in of staff',
};

/** What a customer reads when the fix is the provider's: nothing for them to change. */
export const PROVIDER_FIX =
  'Nothing to change on your side: this is a setting of our server, and our staff see this report. If it stays like this, ask support.';

export function checkResult(
  check: CheckId,
  status: CheckStatus,
  summary: string,
  options: { fix?: string | null; fixedBy?: CheckResult['fixedBy']; details?: string[] } = {},
): CheckResult {
  const fixedBy = options.fixedBy ?? 'customer';
  return {
    check,
    title: CHECK_TITLES[check],
    status,
    summary,
    fix: status === 'pass' ? null : (options.fix ?? (fixedBy === 'provider' ? PROVIDER_FIX : null)),
    fixedBy,
    details: options.details ?? [],
  };
}

/** A list of names for a sentence: "alice, bob and 3 more". */
export function someNames(names: readonly string[], shown = 5): string {
  if (names.length <= shown)
    return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');
  return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}

export const DAY_MS = 86_400_000;
