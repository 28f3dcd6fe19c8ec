import { promises as dns } from 'node:dns';

/** The lookups the domain checks make, through one resolver (IMHOST_DNS_SERVERS, or the system's). */
export interface DnsLookup {
  txt(name: string): Promise<string[]>;
  srv(name: string): Promise<{ priority: number; weight: number; port: number; name: string }[]>;
  cname(name: string): Promise<string[]>;
  addresses(name: string): Promise<string[]>;
}

/** Codes that mean "no such record", as opposed to a lookup that failed. */
const ABSENT = new Set([dns.NODATA, dns.NOTFOUND, 'ENODATA', 'ENOTFOUND']);

export class DnsLookupError extends Error {
  override name = 'DnsLookupError';
}

async function orEmpty<T>(lookup: Promise<T[]>): Promise<T[]> {
  try {
    return await lookup;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined && ABSENT.has(code)) return [];
    throw new DnsLookupError(code ?? (error as Error).message);
  }
}

export function createDnsLookup(servers: readonly string[] | undefined): DnsLookup {
  const resolver = new dns.Resolver({ timeout: 3000, tries: 2 });
  if (servers) resolver.setServers([...servers]);
  const lower = (name: string) => name.toLowerCase().replace(/\.$/, '');
  return {
    txt: async (name) => (await orEmpty(resolver.resolveTxt(name))).map((chunks) => chunks.join('')),
    srv: async (name) =>
      (await orEmpty(resolver.resolveSrv(name))).map((record) => ({ ...record, name: lower(record.name) })),
    cname: async (name) => (await orEmpty(resolver.resolveCname(name))).map(lower),
    addresses: async (name) => {
      const [v4, v6] = await Promise.all([
        orEmpty(resolver.resolve4(name)),
        orEmpty(resolver.resolve6(name)),
      ]);
      return [...v4, ...v6];
    },
  };
}
