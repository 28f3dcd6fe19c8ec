import { AppError } from '../lib/errors.js';
import { loadHost, scopeOf } from './host-access.js';
import type { Actor } from './host-status-policy.js';
import { deleteHost as deleteHostRow } from './hosts.repository.js';
import type { TenancyDeps } from './tenancy-deps.js';

/** Removes the host and all its members at once; the domain is free for anyone afterwards. */
export async function deleteHost(
  deps: TenancyDeps,
  actor: Actor,
  hostId: string,
): Promise<{ customerId: string }> {
  const host = await loadHost(deps, actor, hostId);
  if ((await deleteHostRow(deps.db, scopeOf(actor), hostId)) === 0) throw new AppError('host_not_found');
  deps.events.emit('host.deleted', { hostId, domain: host.domain });
  return { customerId: host.customer_id };
}
