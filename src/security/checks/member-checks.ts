import { checkResult, someNames, type CheckResult } from './check-result.js';

export const IDLE_MEMBER_DAYS = 180;

/** Members who have not logged in for 180 days: accounts nobody watches, with old passwords. */
export function judgeIdleMembers(
  idle: readonly { username: string; lastLoginAt: string | null }[],
): CheckResult {
  if (idle.length === 0)
    return checkResult('idle_members', 'pass', `Every member has logged in within ${IDLE_MEMBER_DAYS} days.`);
  return checkResult(
    'idle_members',
    'warn',
    `${idle.length} ${idle.length === 1 ? 'member has' : 'members have'} not logged in for ${IDLE_MEMBER_DAYS} days: ${someNames(idle.map((m) => m.username))}.`,
    {
      fix: 'In the Members section, remove the accounts of people who have left, or disable them: an unused account with an old password is an easy target.',
      details: idle.map(
        (m) =>
          `${m.username}: ${m.lastLoginAt ? `last login ${m.lastLoginAt.slice(0, 10)}` : 'never logged in'}`,
      ),
    },
  );
}

/** A member whose logins the throttle slows down: someone keeps guessing their password. */
export interface ThrottledMember {
  username: string;
  failures: number;
}

/**
 * Accounts in slow-down (src/lib/login-throttle.ts): the throttle already protects them, without
 * locking the owner out, so this warns; the member should know and pick a strong password.
 */
export function judgeAttackedAccounts(
  throttled: readonly ThrottledMember[] | null,
  windowMinutes: number,
): CheckResult {
  if (throttled === null)
    return checkResult(
      'attacked_accounts',
      'warn',
      'Not measured: the IM server does not run in the process that ran this audit.',
      {
        fixedBy: 'provider',
      },
    );
  if (throttled.length === 0)
    return checkResult('attacked_accounts', 'pass', 'No account is seeing repeated failed logins right now.');
  return checkResult(
    'attacked_accounts',
    'warn',
    `Someone keeps trying wrong passwords for ${someNames(throttled.map((m) => m.username))}. The server slows these attempts down, and members logging in from their usual place are not affected.`,
    {
      fix: 'Tell these members, and make sure each uses a long password used nowhere else. If one may have been guessed, set a new password for them in the Members section.',
      details: throttled.map(
        (m) => `${m.username}: ${m.failures} failed logins in the last ${windowMinutes} minutes`,
      ),
    },
  );
}

export interface TeamPerson {
  name: string;
  email: string;
  twoFactorEnabled: boolean;
}

/** The customer's own team without two-factor sign-in: someone with their password runs the host. */
export function judgeTeamTwoFactor(team: readonly TeamPerson[]): CheckResult {
  const without = team.filter((person) => !person.twoFactorEnabled);
  if (without.length === 0)
    return checkResult('team_2fa', 'pass', 'Everyone on your team signs in with a second factor.');
  return checkResult(
    'team_2fa',
    'warn',
    `${someNames(without.map((p) => p.name || p.email))} ${without.length === 1 ? 'signs' : 'sign'} in to the dashboard with a password alone.`,
    {
      fix: 'Each of them turns on two-factor sign-in under Settings → Two-factor authentication, with an authenticator app.',
      details: without.map((p) => `${p.name} <${p.email}>: no two-factor sign-in`),
    },
  );
}

/** Staff can act on every customer: one without a second factor fails the server's audit. */
export function judgeStaffTwoFactor(staff: readonly TeamPerson[], isRequired: boolean): CheckResult {
  const without = staff.filter((person) => !person.twoFactorEnabled);
  const details = [
    isRequired
      ? 'IMHOST_STAFF_2FA=required: staff without it can do nothing until they set it up.'
      : 'IMHOST_STAFF_2FA is not "required": staff may work without it.',
    ...without.map((p) => `${p.name} <${p.email}>: no two-factor sign-in`),
  ];
  if (without.length === 0)
    return checkResult('staff_2fa', 'pass', 'Every staff member signs in with a second factor.', {
      fixedBy: 'provider',
      details,
    });
  return checkResult(
    'staff_2fa',
    'fail',
    `${someNames(without.map((p) => p.name || p.email))} ${without.length === 1 ? 'signs' : 'sign'} in to the staff dashboard with a password alone.`,
    {
      fixedBy: 'provider',
      fix: `Each of them turns on two-factor sign-in under Settings → Two-factor authentication.${isRequired ? '' : ' Set IMHOST_STAFF_2FA=required so nobody can skip it.'}`,
      details,
    },
  );
}
