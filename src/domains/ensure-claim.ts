import { randomBytes } from 'node:crypto';
import { claimsRepository, type ClaimRow } from './claims.repository.js';
import { DAY_MS, nowIso, type DomainsDeps } from './domains-deps.js';

/** An unverified claim blocks nobody for long: after this, anyone may take the name. */
export const CLAIM_DAYS = 7;

/** Names under IMHOST_HOSTED_DOMAIN are the provider's own, verified at once. */
export function isHostedName(domain: string, hostedDomain: string | undefined): boolean {
  return hostedDomain !== undefined && domain.endsWith(`.${hostedDomain}`);
}

export function newClaimRow(
  deps: Pick<DomainsDeps, 'clock' | 'newId' | 'config'>,
  input: { customerId: string; domain: string; hostId: string | null },
): ClaimRow {
  const now = nowIso(deps);
  const isHosted = isHostedName(input.domain, deps.config.hostedDomain);
  return {
    id: deps.newId('dcl'),
    host_id: input.hostId,
    customer_id: input.customerId,
    domain: input.domain,
    token: randomBytes(18).toString('base64url'),
    status: isHosted ? 'verified' : 'pending',
    method: isHosted ? 'hosted' : null,
    reason: null,
    created_at: now,
    expires_at: new Date(deps.clock.now().getTime() + CLAIM_DAYS * DAY_MS).toISOString(),
    verified_at: isHosted ? now : null,
    dns_ok: null,
    dns_checked_at: null,
    dns_next_check_at: now,
    updated_at: now,
  };
}

/**
 * The host's claim, made on first need (a host created by any path: API, plan workflow, CLI). A
 * claim the customer made before the host existed (to prove a name another account held) moves
 * onto the host with its token and status.
 */
export async function ensureClaim(
  deps: DomainsDeps,
  host: { id: string; customerId: string; domain: string },
): Promise<ClaimRow> {
  const claims = claimsRepository(deps.db);
  const existing = await claims.findByHost(host.id);
  if (existing) return existing;
  await claims.attachToHost(host.customerId, host.domain, host.id, nowIso(deps));
  await claims.insertIfAbsent(newClaimRow(deps, { ...host, hostId: host.id }));
  return (await claims.findByHost(host.id))!;
}
