/**
 * The DNS records a host's domain needs, and how a lookup's answer compares with them, in words a
 * customer can act on. Pure: the lookups happen in check-domain.ts.
 */
export type RecordType = 'TXT' | 'SRV' | 'CNAME';
export type RecordStatus = 'ok' | 'missing' | 'wrong' | 'error';

export interface ExpectedRecord {
  type: RecordType;
  name: string;
  /** As the customer types it into their DNS provider. */
  expected: string;
}

export interface RecordResult extends ExpectedRecord {
  found: string[];
  status: RecordStatus;
  explanation: string | null;
}

export const VERIFICATION_LABEL = '_imhost-verification';
export const verificationValue = (token: string) => `imhost-verification=${token}`;

export interface ServicePorts {
  serviceHostname: string;
  c2sPort: number;
  c2sTlsPort: number;
}

export function expectedRecords(
  domain: string,
  claim: { token: string; needsTxt: boolean },
  service: ServicePorts,
): ExpectedRecord[] {
  const target = `${service.serviceHostname}.`;
  const records: ExpectedRecord[] = [];
  if (claim.needsTxt)
    records.push({
      type: 'TXT',
      name: `${VERIFICATION_LABEL}.${domain}`,
      expected: verificationValue(claim.token),
    });
  records.push(
    { type: 'SRV', name: `_xmpp-client._tcp.${domain}`, expected: `0 5 ${service.c2sPort} ${target}` },
    { type: 'SRV', name: `_xmpps-client._tcp.${domain}`, expected: `0 5 ${service.c2sTlsPort} ${target}` },
  );
  // HTTP upload, WebSocket discovery (XEP-0156) and the ACME challenge reach the domain's own name.
  if (domain !== service.serviceHostname) records.push({ type: 'CNAME', name: domain, expected: target });
  return records;
}

export function compareTxt(record: ExpectedRecord, found: string[]): RecordResult {
  const ours = found.filter((value) => value.startsWith('imhost-verification='));
  if (found.includes(record.expected)) return { ...record, found: ours, status: 'ok', explanation: null };
  if (ours.length === 0)
    return {
      ...record,
      found: ours,
      status: 'missing',
      explanation: `There is no TXT record at ${record.name} yet. Add it with the value shown; DNS changes can take a few minutes to appear.`,
    };
  return {
    ...record,
    found: ours,
    status: 'wrong',
    explanation: `The TXT record at ${record.name} has another value (perhaps from an earlier attempt or another account). Replace it with the value shown.`,
  };
}

export function compareSrv(
  record: ExpectedRecord,
  found: { priority: number; weight: number; port: number; name: string }[],
  service: { serviceHostname: string; port: number },
): RecordResult {
  const shown = found.map((srv) => `${srv.priority} ${srv.weight} ${srv.port} ${srv.name}.`);
  if (found.some((srv) => srv.port === service.port && srv.name === service.serviceHostname))
    return { ...record, found: shown, status: 'ok', explanation: null };
  if (found.length === 0)
    return {
      ...record,
      found: shown,
      status: 'missing',
      explanation: `There is no SRV record at ${record.name}, so apps cannot find the server for this domain. Add it as shown.`,
    };
  return {
    ...record,
    found: shown,
    status: 'wrong',
    explanation: `The SRV record at ${record.name} points at ${found.map((srv) => `${srv.name} port ${srv.port}`).join(', ')}; it must point at ${service.serviceHostname} port ${service.port}.`,
  };
}

/** The domain's own name: a CNAME to the service name, or A/AAAA records with the same addresses. */
export function compareName(
  record: ExpectedRecord,
  lookups: { cnames: string[]; addresses: string[]; serviceAddresses: string[]; serviceHostname: string },
): RecordResult {
  if (lookups.cnames.includes(lookups.serviceHostname))
    return { ...record, found: lookups.cnames.map((name) => `${name}.`), status: 'ok', explanation: null };
  const found = lookups.cnames.length
    ? lookups.cnames.map((name) => `${name}.`)
    : lookups.addresses.map((address) => `${address.includes(':') ? 'AAAA' : 'A'} ${address}`);
  if (
    lookups.cnames.length === 0 &&
    lookups.addresses.length > 0 &&
    lookups.addresses.every((address) => lookups.serviceAddresses.includes(address))
  )
    return { ...record, found, status: 'ok', explanation: null };
  if (found.length === 0)
    return {
      ...record,
      found,
      status: 'missing',
      explanation: `${record.name} does not resolve. Add a CNAME to ${lookups.serviceHostname} (or, at the top of your zone where a CNAME is not allowed, A/AAAA records with the addresses ${lookups.serviceHostname} has) so that uploads, web clients and the certificate check reach us.`,
    };
  return {
    ...record,
    found,
    status: 'wrong',
    explanation: `${record.name} points elsewhere (${found.join(', ')}). Make it a CNAME to ${lookups.serviceHostname}, or give it the same addresses.`,
  };
}

export function lookupFailed(record: ExpectedRecord, error: Error): RecordResult {
  return {
    ...record,
    found: [],
    status: 'error',
    explanation: `The lookup failed (${error.message}); we will try again shortly. If it keeps failing, your domain's name servers may not be answering.`,
  };
}
