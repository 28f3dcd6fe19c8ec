import { AppError } from '../lib/errors.js';

import type { HostStatus, HostStatusReason } from './views.js';

/** Why a host is not active (HostStatusReason): only a host the customer suspended can be resumed by it. */
export type { HostStatus, HostStatusReason };

export const HOST_STATUSES: readonly HostStatus[] = ['active', 'suspended', 'terminated'];

/** Who is acting on a host: a customer on its own hosts, staff on any, or the system (billing). */
export type Actor = { kind: 'customer'; customerId: string } | { kind: 'staff' } | { kind: 'system' };

export interface StatusChange {
  status: HostStatus;
  statusReason: HostStatusReason | null;
}

/**
 * Decides the status a request leads to, or refuses it. Customers may pause and resume their own
 * host; a suspension by staff or for non-payment is not theirs to lift, and a terminated host is
 * final for them. Staff and the system may set anything, with any reason.
 */
export function decideStatusChange(
  actor: Actor,
  current: StatusChange,
  requested: { status: HostStatus; reason?: HostStatusReason | undefined },
): StatusChange {
  if (actor.kind !== 'customer') {
    if (requested.status === 'active') return { status: 'active', statusReason: null };
    return { status: requested.status, statusReason: requested.reason ?? 'staff' };
  }
  const isOwnPause = current.status === 'suspended' && current.statusReason === 'customer';
  const reasonIsOwn = requested.reason === undefined || requested.reason === 'customer';
  if (current.status === 'terminated' || requested.status === 'terminated' || !reasonIsOwn) {
    throw new AppError('forbidden');
  }
  if (requested.status === 'suspended') {
    if (current.status === 'suspended' && !isOwnPause) return current;
    return { status: 'suspended', statusReason: 'customer' };
  }
  if (current.status === 'active') return current;
  if (!isOwnPause)
    throw new AppError('forbidden', { message: 'This host was suspended by the provider; contact support.' });
  return { status: 'active', statusReason: null };
}
