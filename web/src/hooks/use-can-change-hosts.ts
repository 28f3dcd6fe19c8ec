import { canManage } from '../components/team-roles';
import { useMe } from '../session/session';

/**
 * Whether to offer changes to hosts and members. Billing contacts only read them; staff get the
 * controls and the server decides by their staff role.
 */
export function useCanChangeHosts(): boolean {
  const me = useMe();
  return me.user.kind === 'staff' || canManage(me.customer?.role);
}
