import { claimsRepository, type ClaimRow } from './claims.repository.js';
import { dnsRecordsRepository } from './dns-records.repository.js';
import { isHostedName } from './ensure-claim.js';
import { nowIso, type DomainsDeps } from './domains-deps.js';
import {
  compareName,
  compareSrv,
  compareTxt,
  expectedRecords,
  lookupFailed,
  type ExpectedRecord,
  type RecordResult,
  type ServicePorts,
} from './expected-records.js';
import { raiseAlert, resolveAlerts } from './raise-alert.js';
import { verifyClaim } from './verify-claim.js';

/** Until the records are right, look again this often; then once a day. */
export const RECHECK_PENDING_MS = 10 * 60_000;
export const RECHECK_OK_MS = 24 * 3_600_000;

export interface HostRef {
  id: string;
  customerId: string;
  domain: string;
}

/** The ports SRV records name: as configured, or where the listeners opened when told port 0. */
export function servicePorts(deps: DomainsDeps): ServicePorts {
  const listening = deps.tlsEndpoints();
  return {
    serviceHostname: deps.config.serviceHostname,
    c2sPort: deps.config.c2sPort || (listening?.starttlsPort ?? 0),
    c2sTlsPort: deps.config.c2sTlsPort || (listening?.directTlsPort ?? 0),
  };
}

async function lookUp(deps: DomainsDeps, record: ExpectedRecord): Promise<RecordResult> {
  const { serviceHostname, c2sPort, c2sTlsPort } = servicePorts(deps);
  try {
    switch (record.type) {
      case 'TXT':
        return compareTxt(record, await deps.dns.txt(record.name));
      case 'SRV': {
        const port = record.name.startsWith('_xmpps-client.') ? c2sTlsPort : c2sPort;
        return compareSrv(record, await deps.dns.srv(record.name), { serviceHostname, port });
      }
      case 'CNAME': {
        const [cnames, addresses, serviceAddresses] = await Promise.all([
          deps.dns.cname(record.name),
          deps.dns.addresses(record.name),
          deps.dns.addresses(serviceHostname),
        ]);
        return compareName(record, { cnames, addresses, serviceAddresses, serviceHostname });
      }
    }
  } catch (error) {
    return lookupFailed(record, error as Error);
  }
}

export function recordsFor(deps: DomainsDeps, claim: ClaimRow): ExpectedRecord[] {
  return expectedRecords(
    claim.domain,
    { token: claim.token, needsTxt: !isHostedName(claim.domain, deps.config.hostedDomain) },
    servicePorts(deps),
  );
}

/**
 * Looks up every record the host needs, stores what was found, verifies the claim when its TXT
 * record is there, and schedules the next look. A record that was right and broke alerts the
 * customer. Answers whether the claim became verified just now.
 */
export async function checkDomain(
  deps: DomainsDeps,
  host: HostRef,
  claim: ClaimRow,
): Promise<{ isNewlyVerified: boolean }> {
  const results = await Promise.all(recordsFor(deps, claim).map((record) => lookUp(deps, record)));
  const now = nowIso(deps);
  await dnsRecordsRepository(deps.db).replaceAll(
    host.id,
    results.map((result) => ({
      host_id: host.id,
      type: result.type,
      name: result.name,
      expected: result.expected,
      found: JSON.stringify(result.found),
      status: result.status,
      explanation: result.explanation,
      checked_at: now,
    })),
  );
  const isOk = results.every((result) => result.status === 'ok');
  await claimsRepository(deps.db).recordDnsCheck(claim.id, {
    isOk,
    checkedAt: now,
    nextCheckAt: new Date(
      deps.clock.now().getTime() + (isOk ? RECHECK_OK_MS : RECHECK_PENDING_MS),
    ).toISOString(),
  });

  if (isOk) await resolveAlerts(deps, host.id, ['dns_broken']);
  else if (claim.dns_ok === 1) {
    const broken = results.filter((result) => result.status !== 'ok');
    await raiseAlert(deps, {
      host,
      kind: 'dns_broken',
      key: claim.dns_checked_at ?? now,
      message: `A DNS record of ${host.domain} that was right has changed: ${broken
        .map((result) => `${result.type} ${result.name}: ${result.explanation ?? result.status}`)
        .join(' ')}`,
    });
  }

  const txt = results.find((result) => result.type === 'TXT');
  if (claim.status !== 'verified' && txt?.status === 'ok') {
    await verifyClaim(deps, claim, { method: 'dns', reason: null });
    return { isNewlyVerified: true };
  }
  return { isNewlyVerified: false };
}
