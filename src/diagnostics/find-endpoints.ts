import type { ProbeDeps } from './diagnostics-deps.js';
import { failed, passed, warned, type Outcome } from './step-outcomes.js';

/** Where a client would connect, as the DNS records say. */
export interface Endpoint {
  /** The name the records give (an SRV target, or the domain itself). */
  target: string;
  address: string;
  port: number;
  isDirectTls: boolean;
}

/** RFC 6120 §3.2.2: without SRV records, clients try the domain itself on the default port. */
const FALLBACK_PORT = 5222;

/** RFC 2782: a target of "." says there is no such service. */
const isService = (target: string) => target !== '' && target !== '.';

/** Step 1: the SRV records (RFC 6120, XEP-0368), and the addresses of what they name. */
export async function findEndpoints(
  deps: ProbeDeps,
  domain: string,
): Promise<{ outcome: Outcome; endpoints: Endpoint[] }> {
  const context = deps.fixContext(domain);
  let starttls, directTls, own;
  try {
    [starttls, directTls, own] = await Promise.all([
      deps.dns.srv(`_xmpp-client._tcp.${domain}`),
      deps.dns.srv(`_xmpps-client._tcp.${domain}`),
      deps.dns.addresses(domain),
    ]);
  } catch (error) {
    return {
      outcome: failed(
        'dns_lookup_failed',
        `The DNS lookup for ${domain} failed (${(error as Error).message}).`,
        [],
        context,
      ),
      endpoints: [],
    };
  }
  const records = [
    ...starttls.map((record) => ({ ...record, isDirectTls: false })),
    ...directTls.map((record) => ({ ...record, isDirectTls: true })),
  ]
    .filter((record) => isService(record.name))
    .sort((a, b) => a.priority - b.priority || b.weight - a.weight);
  const details = [
    ...starttls.map((r) => `SRV _xmpp-client._tcp.${domain} → ${r.name || '.'} port ${r.port}`),
    ...directTls.map((r) => `SRV _xmpps-client._tcp.${domain} → ${r.name || '.'} port ${r.port}`),
    own.length ? `${domain} has the address ${own.join(', ')}` : `${domain} has no A or AAAA record`,
  ];

  if (records.length === 0) {
    if (own.length === 0)
      return {
        outcome: failed(
          'server_not_found',
          `Apps cannot find the server: ${domain} has no SRV records and no address.`,
          details,
          context,
        ),
        endpoints: [],
      };
    return {
      outcome: warned(
        'srv_records_missing',
        `${domain} has no SRV records; apps fall back to ${domain} port ${FALLBACK_PORT}.`,
        details,
        context,
      ),
      endpoints: [{ target: domain, address: own[0]!, port: FALLBACK_PORT, isDirectTls: false }],
    };
  }

  const endpoints: Endpoint[] = [];
  const unresolved: string[] = [];
  for (const record of records) {
    const addresses = record.name === domain ? own : await deps.dns.addresses(record.name).catch(() => []);
    if (addresses.length === 0) unresolved.push(record.name);
    else
      endpoints.push({
        target: record.name,
        address: addresses[0]!,
        port: record.port,
        isDirectTls: record.isDirectTls,
      });
  }
  for (const name of new Set(unresolved)) details.push(`${name} has no A or AAAA record`);
  if (endpoints.length === 0)
    return {
      outcome: failed(
        'server_not_found',
        `Apps cannot find the server: the SRV records name ${[...new Set(unresolved)].join(', ')}, which has no address.`,
        details,
        context,
      ),
      endpoints,
    };
  const where = endpoints
    .map((e) => `${e.target} port ${e.port} (${e.isDirectTls ? 'direct TLS' : 'STARTTLS'})`)
    .join(', ');
  if (unresolved.length)
    return {
      outcome: warned(
        'server_not_found',
        `Apps find the server at ${where}, but some SRV records name a host without an address.`,
        details,
        context,
      ),
      endpoints,
    };
  return { outcome: passed(`Apps find the server at ${where}.`, details), endpoints };
}
