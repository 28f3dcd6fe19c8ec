import { AppError } from '../lib/errors.js';
import { isUniqueViolation } from '../platform/index.js';
import { claimsRepository, type ClaimRow } from './claims.repository.js';
import { nowIso, type DomainsDeps } from './domains-deps.js';

/**
 * Marks a claim verified, by its TXT record or by staff. The index allows one verified claim per
 * name: a second one is domain_taken.
 */
export async function verifyClaim(
  deps: DomainsDeps,
  claim: ClaimRow,
  how: { method: 'dns' | 'staff'; reason: string | null },
): Promise<void> {
  try {
    await claimsRepository(deps.db).markVerified(claim.id, { ...how, now: nowIso(deps) });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError('domain_taken', { details: { domain: claim.domain }, cause: error });
    throw error;
  }
  deps.logger.info({ domain: claim.domain, method: how.method }, 'domain verified');
  deps.servingChanged(claim.domain);
}
