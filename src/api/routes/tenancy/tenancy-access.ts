import type { FastifyRequest } from 'fastify';
import type { StaffRole } from '../../../accounts/index.js';
import { AppError } from '../../../lib/errors.js';
import type { Actor } from '../../../tenancy/index.js';
import type { AuthContext } from '../../plugins/auth-types.js';
import { requireCustomer, requireStaff } from '../../plugins/auth.js';

type CustomerRole = NonNullable<AuthContext['customerRole']>;

/**
 * Host routes serve both a host's owner and the operator's staff. Each route names the roles that
 * may use it on either side (none: any role); the tenancy services then scope what an actor sees.
 */
export function requireHostAccess(allowed: { customerRoles: CustomerRole[]; staffRoles: StaffRole[] }) {
  const staff = requireStaff(...allowed.staffRoles);
  const customer = requireCustomer(...allowed.customerRoles);
  return async (request: FastifyRequest): Promise<void> => {
    if (request.auth?.user.kind === 'staff') return staff(request);
    return customer(request);
  };
}

export function actorOf(request: FastifyRequest): Actor {
  const auth = request.auth;
  if (!auth) throw new AppError('unauthenticated');
  if (auth.user.kind === 'staff') return { kind: 'staff' };
  if (auth.customerId === null) throw new AppError('forbidden');
  return { kind: 'customer', customerId: auth.customerId };
}

/** Reading is open to every role; changing hosts and members is for owners, admins and support staff. */
export const canRead = requireHostAccess({ customerRoles: [], staffRoles: [] });
export const canManageMembers = requireHostAccess({ customerRoles: ['admin'], staffRoles: ['support'] });
export const canChangeHostStatus = requireHostAccess({
  customerRoles: ['admin'],
  staffRoles: ['support', 'billing'],
});
export const canDeleteHost = requireHostAccess({ customerRoles: ['admin'], staffRoles: ['admin'] });
