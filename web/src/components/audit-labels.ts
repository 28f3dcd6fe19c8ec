import type { AuditEntry } from '../api/types';

const actionLabels: Record<string, string> = {
  'api_token.create': 'API token created',
  'api_token.revoke': 'API token revoked',
  'clock.advance': 'Clock advanced',
  'host.create': 'Host created',
  'host.delete': 'Host deleted',
  'host.update_status': 'Host status changed',
  'member.create': 'Member added',
  'member.delete': 'Member removed',
  'member.password': 'Member password reset',
  'member.update': 'Member changed',
  'staff.setup': 'First administrator created',
  'team.accept_invitation': 'Joined the team',
  'team.change_role': 'Team role changed',
  'team.invite': 'Invited to the team',
  'team.remove': 'Removed from the team',
  'team.revoke_invitation': 'Invitation revoked',
  'user.2fa_disable': 'Two-factor turned off',
  'user.2fa_enable': 'Two-factor turned on',
  'user.2fa_setup': 'Two-factor set-up started',
  'user.change_password': 'Password changed',
  'user.login': 'Signed in',
  'user.end_session': 'Signed out a session',
  'user.logout': 'Signed out',
  'user.password_reset': 'Password reset',
  'user.password_reset_request': 'Password reset requested',
  'user.resend_verification': 'Verification email resent',
  'user.signup': 'Signed up',
  'user.update_profile': 'Profile changed',
  'user.verify_email': 'Email address verified',
};

/** A readable phrase for an action code; codes added later still show, as themselves. */
export function actionLabel(action: string): string {
  return actionLabels[action] ?? action;
}

const actorTypeLabels: Record<AuditEntry['actorType'], string> = {
  staff: 'Staff',
  customer: 'User',
  system: 'System',
  cli: 'Command line',
  anonymous: 'Not signed in',
};

/** The kind of actor: staff, a user, the system … */
export function actorTypeLabel(entry: AuditEntry): string {
  return actorTypeLabels[entry.actorType] ?? entry.actorType;
}

/** Who acted, as people know them: "You", their email, or the kind of actor when neither is known. */
export function actorLabel(entry: AuditEntry, myUserId: string): string {
  if (entry.actorId && entry.actorId === myUserId) return 'You';
  return entry.actorEmail ?? actorTypeLabel(entry);
}

/** The target by the name people know it by (domain, username, token name) when the entry has one. */
export function targetLabel(entry: AuditEntry): string | null {
  const details = entry.details ?? {};
  for (const key of ['domain', 'username', 'name', 'email']) {
    const value = details[key];
    if (typeof value === 'string' && value) return value;
  }
  return null;
}
