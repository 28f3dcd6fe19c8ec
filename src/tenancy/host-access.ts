import { AppError } from '../lib/errors.js';
import type { Actor } from './host-status-policy.js';
import { findHost, type HostRow, type HostScope } from './hosts.repository.js';
import type { TenancyDeps } from './tenancy-deps.js';

export function scopeOf(actor: Actor): HostScope {
  return actor.kind === 'customer' ? { kind: 'customer', customerId: actor.customerId } : { kind: 'all' };
}

/** Another customer's host is reported exactly like a missing one, so ids reveal nothing. */
export async function loadHost(
  deps: Pick<TenancyDeps, 'db'>,
  actor: Actor,
  hostId: string,
): Promise<HostRow> {
  const host = await findHost(deps.db, scopeOf(actor), hostId);
  if (!host) throw new AppError('host_not_found');
  return host;
}

/** A terminated host is kept for the record; its members can be removed but not changed. */
export async function loadWritableHost(
  deps: Pick<TenancyDeps, 'db'>,
  actor: Actor,
  hostId: string,
): Promise<HostRow> {
  const host = await loadHost(deps, actor, hostId);
  if (host.status === 'terminated') throw new AppError('host_terminated');
  return host;
}
