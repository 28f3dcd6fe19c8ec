import { useMe } from '../../session/session';

/** Owners, admins and billing contacts change plans and cards; other members only read (as the API). */
export function useCanManageBilling(): boolean {
  const role = useMe().customer?.role;
  return role === 'owner' || role === 'admin' || role === 'billing';
}
