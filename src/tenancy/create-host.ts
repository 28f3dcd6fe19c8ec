import { AppError } from '../lib/errors.js';
import { isUniqueViolation } from '../platform/index.js';
import { normalizeDomain } from './domain-name.js';
import { findHostByDomain, insertHost, type HostRow } from './hosts.repository.js';
import { nowIso, type TenancyDeps } from './tenancy-deps.js';
import { toHostView, type HostView } from './views.js';

/**
 * One host per domain across all customers. The lookup gives the friendly answer; the unique index
 * decides when two requests race for the same name.
 */
export async function createHost(
  deps: TenancyDeps,
  input: { customerId: string; domain: string },
): Promise<HostView> {
  const domain = normalizeDomain(input.domain);
  if (await findHostByDomain(deps.db, domain)) throw new AppError('domain_taken', { details: { domain } });
  const now = nowIso(deps);
  const row: HostRow = {
    id: deps.newId('host'),
    customer_id: input.customerId,
    domain,
    status: 'active',
    status_reason: null,
    created_at: now,
    updated_at: now,
  };
  try {
    await insertHost(deps.db, row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('domain_taken', { details: { domain } });
    throw error;
  }
  deps.events.emit('host.created', {
    hostId: row.id,
    domain,
    customerId: row.customer_id,
    status: row.status,
  });
  return toHostView(row);
}
