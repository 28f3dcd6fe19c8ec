import { AppError } from '../lib/errors.js';
import { normalizeDomain } from '../tenancy/index.js';
import { claimsRepository } from './claims.repository.js';
import { ensureClaim, newClaimRow } from './ensure-claim.js';
import { nowIso, type DomainsDeps } from './domains-deps.js';
import { compareTxt, VERIFICATION_LABEL, verificationValue } from './expected-records.js';
import { domainsMailTemplates } from './mail-templates.js';
import { verifyClaim } from './verify-claim.js';

/**
 * Before a customer creates a host: when verification is required and another customer's host
 * holds the name without having proven it, the name is not theirs to keep. It passes to this
 * customer once their own TXT record proves ownership, or to anyone once the holder's 7 days are
 * over; the holder's host is then removed and its owners are told by email. Until then the answer
 * is domain_claim_pending, with the TXT record that would prove it.
 */
export async function prepareHostName(
  deps: DomainsDeps,
  customerId: string,
  rawDomain: string,
): Promise<void> {
  if (deps.config.domainVerification !== 'required') return;
  const domain = normalizeDomain(rawDomain);
  const holder = await deps.tenancy.findHostByDomain(domain);
  if (!holder || holder.customerId === customerId) return;
  const claims = claimsRepository(deps.db);
  const held = await ensureClaim(deps, holder);
  if (held.status === 'verified') return; // tenancy answers domain_taken

  let mine = await claims.findByCustomer(customerId, domain);
  if (!mine) {
    await claims.insertIfAbsent(newClaimRow(deps, { customerId, domain, hostId: null }));
    mine = (await claims.findByCustomer(customerId, domain))!;
  }
  const record = {
    type: 'TXT' as const,
    name: `${VERIFICATION_LABEL}.${domain}`,
    expected: verificationValue(mine.token),
  };
  const isProven = compareTxt(record, await deps.dns.txt(record.name).catch(() => [])).status === 'ok';
  const isHolderExpired = held.expires_at <= nowIso(deps);
  if (!isProven && !isHolderExpired)
    throw new AppError('domain_claim_pending', {
      details: {
        domain,
        recordName: record.name,
        recordValue: record.expected,
        holderExpiresAt: held.expires_at,
      },
    });

  if (isProven) await verifyClaim(deps, mine, { method: 'dns', reason: null });
  const contacts = await deps.recipients.customerContacts(holder.customerId);
  await deps.tenancy.hosts.delete({ kind: 'system' }, holder.id);
  deps.logger.info({ domain, isProven }, 'an unverified claim gave way');
  if (contacts.length > 0)
    await deps.mailer.send({
      to: contacts,
      ...domainsMailTemplates.domain_claim_lost.render({ domain }, deps.config.publicUrl),
    });
}
