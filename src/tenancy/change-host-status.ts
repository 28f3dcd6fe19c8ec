import { AppError } from '../lib/errors.js';
import { loadHost, scopeOf } from './host-access.js';
import {
  decideStatusChange,
  type Actor,
  type HostStatus,
  type HostStatusReason,
} from './host-status-policy.js';
import { updateHostStatus } from './hosts.repository.js';
import { nowIso, type TenancyDeps } from './tenancy-deps.js';
import { toHostView, type HostView } from './views.js';

export interface StatusRequest {
  status: HostStatus;
  reason?: HostStatusReason | undefined;
}

/** Suspend, resume or terminate a host; the XMPP server hears of it and closes or reopens the door. */
export async function changeHostStatus(
  deps: TenancyDeps,
  actor: Actor,
  hostId: string,
  request: StatusRequest,
): Promise<HostView> {
  const host = await loadHost(deps, actor, hostId);
  const current = { status: host.status, statusReason: host.status_reason as HostStatusReason | null };
  const next = decideStatusChange(actor, current, request);
  if (next.status === current.status && next.statusReason === current.statusReason) return toHostView(host);
  const now = nowIso(deps);
  // The host may have been deleted since it was read; say so rather than report a change that did not happen.
  if ((await updateHostStatus(deps.db, scopeOf(actor), hostId, next, now)) === 0)
    throw new AppError('host_not_found');
  deps.events.emit('host.status_changed', { hostId, domain: host.domain, ...next });
  return toHostView({ ...host, status: next.status, status_reason: next.statusReason, updated_at: now });
}
