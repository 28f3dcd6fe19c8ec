import { AppError } from '../lib/errors.js';
import type { CustomerRole } from './customers.repository.js';
import type { PendingInvitationRow } from './invitations.repository.js';
import type { TeamMemberRow } from './team.repository.js';
import type { InvitableRole, InvitationView, TeamMemberView } from './views.js';

/** A customer user acting on their own team. */
export interface TeamActor {
  userId: string;
  customerId: string;
  role: CustomerRole;
}

export type { InvitableRole, InvitationView, TeamMemberView };

/** Owners and admins run the team; billing contacts only read it. */
export function assertCanManageTeam(actor: TeamActor): void {
  if (actor.role === 'billing') throw new AppError('forbidden');
}

export function toTeamMemberView(row: TeamMemberRow): TeamMemberView {
  return {
    userId: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    joinedAt: row.joined_at,
    lastLoginAt: row.last_login_at,
    twoFactorEnabled: row.totp_enabled_at !== null,
  };
}

export function toInvitationView(row: PendingInvitationRow): InvitationView {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    invitedByEmail: row.invited_by_email,
  };
}
