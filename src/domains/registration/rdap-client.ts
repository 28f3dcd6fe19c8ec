/**
 * An RDAP client for domain registrations (RFC 9083 responses, RFC 7480 HTTP usage), with the
 * server of each TLD found by the RFC 9224 bootstrap: the IANA `dns.json` file, read from a
 * configurable URL and kept for a day. One base URL can stand for every TLD instead (private
 * registries, tests).
 */

export interface RdapDomain {
  /** The name the registry answered for, lower case. */
  domain: string;
  /** The `expiration` event; null when the registry does not publish one. */
  expiresAt: string | null;
  /** RFC 9083 §10.2.2 statuses, lower case: `active`, `redemption period`, `pending delete`… */
  statuses: string[];
  /** The `fn` of the entity with the `registrar` role. */
  registrarName: string | null;
}

export type RdapLookup = { kind: 'found'; domain: RdapDomain } | { kind: 'not_found' };

export interface RdapClient {
  /** The registration of exactly this name; throws when no answer could be had. */
  lookup(domain: string): Promise<RdapLookup>;
}

export interface RdapClientOptions {
  /** One RDAP server for all TLDs (`https://rdap.example/`); otherwise the bootstrap decides. */
  baseUrl?: string | undefined;
  /** Where the RFC 9224 bootstrap file for DNS is read from. */
  bootstrapUrl: string;
  now: () => number;
  fetch?: typeof fetch;
}

const BOOTSTRAP_TTL_MS = 86_400_000;
/** A bootstrap file that could not be had is not asked for again for this long. */
const BOOTSTRAP_RETRY_MS = 3_600_000;
const REQUEST_TIMEOUT_MS = 15_000;

export class RdapError extends Error {
  override name = 'RdapError';
}

interface Bootstrap {
  services: [string[], string[]][];
}

export function createRdapClient(options: RdapClientOptions): RdapClient {
  const get = options.fetch ?? fetch;
  let cached: { services: Map<string, string>; loadedAt: number } | undefined;
  let failed: { error: RdapError; at: number } | undefined;

  async function request(url: string): Promise<Response> {
    try {
      return await get(url, {
        headers: { accept: 'application/rdap+json, application/json' },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new RdapError(`${url}: ${(error as Error).message}`);
    }
  }

  async function bootstrap(): Promise<Map<string, string>> {
    if (cached && options.now() - cached.loadedAt < BOOTSTRAP_TTL_MS) return cached.services;
    if (failed && options.now() - failed.at < BOOTSTRAP_RETRY_MS) throw failed.error;
    let file: Bootstrap;
    try {
      const response = await request(options.bootstrapUrl);
      if (!response.ok) throw new RdapError(`bootstrap ${options.bootstrapUrl}: HTTP ${response.status}`);
      file = (await response.json()) as Bootstrap;
    } catch (error) {
      // An old file is better than none; without one, every look-up fails alike for a while.
      if (cached) return cached.services;
      failed = {
        error: error instanceof RdapError ? error : new RdapError(String(error)),
        at: options.now(),
      };
      throw failed.error;
    }
    const services = new Map<string, string>();
    for (const [labels, urls] of file.services ?? []) {
      // RFC 9224 §3: prefer an https URL when several are given.
      const url = urls.find((u) => u.startsWith('https:')) ?? urls[0];
      if (url) for (const label of labels) services.set(label.toLowerCase(), url);
    }
    cached = { services, loadedAt: options.now() };
    return services;
  }

  /** RFC 9224 §4: the longest matching label sequence wins (`co.uk` before `uk`). */
  async function serverFor(domain: string): Promise<string> {
    if (options.baseUrl) return options.baseUrl;
    const services = await bootstrap();
    const labels = domain.split('.');
    for (let i = 1; i < labels.length; i += 1) {
      const server = services.get(labels.slice(i).join('.'));
      if (server) return server;
    }
    throw new RdapError(`no RDAP server is known for ${domain}`);
  }

  return {
    async lookup(domain) {
      const base = await serverFor(domain);
      const url = new URL(`domain/${encodeURIComponent(domain)}`, base.endsWith('/') ? base : `${base}/`);
      const response = await request(url.href);
      if (response.status === 404) return { kind: 'not_found' };
      if (!response.ok) throw new RdapError(`${url.href}: HTTP ${response.status}`);
      return { kind: 'found', domain: parseDomain(await response.json(), domain) };
    },
  };
}

interface RdapEvent {
  eventAction?: string;
  eventDate?: string;
}
interface RdapEntity {
  roles?: string[];
  vcardArray?: [string, [string, unknown, string, unknown][]];
  entities?: RdapEntity[];
}

/** The facts we use from an RFC 9083 domain object; anything else in it is ignored. */
export function parseDomain(body: unknown, asked: string): RdapDomain {
  if (typeof body !== 'object' || body === null) throw new RdapError('the RDAP answer is not an object');
  const object = body as {
    objectClassName?: string;
    ldhName?: string;
    events?: RdapEvent[];
    status?: string[];
    entities?: RdapEntity[];
  };
  if (object.objectClassName !== undefined && object.objectClassName !== 'domain')
    throw new RdapError(`the RDAP answer is a ${object.objectClassName}, not a domain`);
  const expiration = (object.events ?? []).find((event) => event.eventAction === 'expiration');
  const expiresAt =
    expiration?.eventDate && !Number.isNaN(Date.parse(expiration.eventDate))
      ? new Date(expiration.eventDate).toISOString()
      : null;
  return {
    domain: (object.ldhName ?? asked).toLowerCase().replace(/\.$/, ''),
    expiresAt,
    statuses: (object.status ?? []).map((status) => status.toLowerCase()),
    registrarName: registrarName(object.entities ?? []),
  };
}

function registrarName(entities: RdapEntity[]): string | null {
  const registrar = entities.find((entity) => entity.roles?.includes('registrar'));
  const fn = registrar?.vcardArray?.[1]?.find((property) => property[0] === 'fn');
  return typeof fn?.[3] === 'string' ? fn[3] : null;
}
