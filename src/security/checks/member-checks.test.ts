import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  judgeAttackedAccounts,
  judgeIdleMembers,
  judgeStaffTwoFactor,
  judgeTeamTwoFactor,
} from './member-checks.js';

describe('member checks', () => {
  it('warns about members without a login for 180 days, never-logged-in ones included', () => {
    assert.equal(judgeIdleMembers([]).status, 'pass');
    const result = judgeIdleMembers([
      { username: 'anna', lastLoginAt: '2025-01-02T00:00:00.000Z' },
      { username: 'ben', lastLoginAt: null },
    ]);
    assert.equal(result.status, 'warn');
    assert.match(result.summary, /^2 members have not logged in for 180 days: anna and ben\.$/);
    assert.deepEqual(result.details, ['anna: last login 2025-01-02', 'ben: never logged in']);
    assert.equal(result.fixedBy, 'customer');
  });

  it('warns about accounts in slow-down, with their failures', () => {
    assert.equal(judgeAttackedAccounts([], 15).status, 'pass');
    const result = judgeAttackedAccounts([{ username: 'anna', failures: 9 }], 15);
    assert.equal(result.status, 'warn');
    assert.match(result.summary, /wrong passwords for anna/);
    assert.deepEqual(result.details, ['anna: 9 failed logins in the last 15 minutes']);
    assert.equal(judgeAttackedAccounts(null, 0).status, 'warn');
  });

  it("warns about the customer's team members without two-factor sign-in, by name", () => {
    const team = [
      { name: 'Owner', email: 'o@example.com', twoFactorEnabled: true },
      { name: 'Billing', email: 'b@example.com', twoFactorEnabled: false },
    ];
    assert.equal(judgeTeamTwoFactor(team.slice(0, 1)).status, 'pass');
    const result = judgeTeamTwoFactor(team);
    assert.equal(result.status, 'warn');
    assert.equal(result.summary, 'Billing signs in to the dashboard with a password alone.');
  });

  it('fails staff without two-factor sign-in, and says how to enforce it', () => {
    const staff = [{ name: 'Sam', email: 's@example.net', twoFactorEnabled: false }];
    const optional = judgeStaffTwoFactor(staff, false);
    assert.equal(optional.status, 'fail');
    assert.match(optional.fix!, /IMHOST_STAFF_2FA=required/);
    assert.doesNotMatch(judgeStaffTwoFactor(staff, true).fix!, /IMHOST_STAFF_2FA/);
    assert.equal(judgeStaffTwoFactor([{ ...staff[0]!, twoFactorEnabled: true }], true).status, 'pass');
  });
});
