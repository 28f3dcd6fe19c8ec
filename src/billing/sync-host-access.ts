import type { HostStatus, HostStatusReason } from '../tenancy/index.js';
import type { BillingDeps } from './billing-deps.js';
import type { SubscriptionStatus } from '../platform/index.js';

const system = { kind: 'system' } as const;

/** The host status a subscription status calls for, given the host's current one; null: leave it. */
export function hostStatusFor(
  subscription: SubscriptionStatus,
  host: { status: HostStatus; statusReason: HostStatusReason | null },
): { status: HostStatus; reason?: HostStatusReason } | null {
  if (host.status === 'terminated') return null;
  switch (subscription) {
    case 'incomplete':
    case 'trial':
    case 'active':
    case 'past_due':
      // Only a suspension for non-payment is ours to lift; staff or abuse suspensions stay.
      return host.status === 'suspended' && host.statusReason === 'non_payment' ? { status: 'active' } : null;
    case 'suspended':
      return host.status === 'active' ? { status: 'suspended', reason: 'non_payment' } : null;
    case 'terminated':
      return { status: 'terminated', reason: 'non_payment' };
    case 'cancelled':
      return { status: 'terminated', reason: 'customer' };
  }
}

/**
 * Brings the IM host in line with its subscription through tenancy's system-level status setter;
 * tenancy then tells the XMPP server, which refuses logins and closes sessions (or lets them back).
 * Idempotent: run it after any billing change, as often as you like.
 */
export async function syncHostAccess(
  deps: Pick<BillingDeps, 'tenancy' | 'logger'>,
  hostId: string,
  status: SubscriptionStatus,
): Promise<void> {
  try {
    const host = await deps.tenancy.hosts.get(system, hostId);
    const change = hostStatusFor(status, host);
    if (change) await deps.tenancy.hosts.changeStatus(system, hostId, change);
  } catch (error) {
    // A deleted host has nothing left to suspend or resume.
    if ((error as { code?: string }).code === 'host_not_found') return;
    throw error;
  }
}
