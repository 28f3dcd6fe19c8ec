import type { TeamRole } from '../api/views';

export const roleLabels: Record<TeamRole, string> = {
  owner: 'Owner',
  admin: 'Admin',
  billing: 'Billing contact',
};

export const roleDescriptions: Record<TeamRole, string> = {
  owner: 'Can do everything, including managing owners.',
  admin: 'Manages hosts, members and the team (but not owners).',
  billing: 'Sees hosts and handles invoices and payments; changes nothing else.',
};

/** Owners and admins change hosts and the team; billing contacts only read them. */
export function canManage(role: string | undefined): boolean {
  return role === 'owner' || role === 'admin';
}
