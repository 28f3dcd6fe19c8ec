import type { Logger } from 'pino';
import type { Clock } from '../lib/clock.js';
import type {
  DomainsTables,
  IdSource,
  JobScheduler,
  Mailer,
  PlatformConfig,
  ScopedDb,
} from '../platform/index.js';
import type { CertificateStore } from '../platform/tls/index.js';
import type { Tenancy, TenancyConfig } from '../tenancy/index.js';
import type { DomainsAreaConfig } from './domains-options.js';
import type { DnsLookup } from './resolver.js';

/** The domains area's view of the database: its own tables only (domain_*). */
export type DomainsDb = ScopedDb<DomainsTables>;

export type DomainsConfig = DomainsAreaConfig &
  Pick<PlatformConfig, 'publicUrl'> &
  Pick<TenancyConfig, 'hostedDomain'> & {
    /** The XMPP listeners' ports, for the SRV records and the served-certificate check. */
    c2sPort: number;
    c2sTlsPort: number;
  };

/** Where the XMPP listeners answer, once they do: the served-certificate check connects there. */
export interface TlsEndpoints {
  host: string;
  starttlsPort: number;
  directTlsPort: number;
}

/** Who hears about a domain's trouble: the customer's owners and billing contacts, and staff. */
export interface DomainRecipients {
  customerContacts(customerId: string): Promise<string[]>;
  staff(): Promise<string[]>;
}

/** Everything a domains service may touch, passed in explicitly by createDomains. */
export interface DomainsDeps {
  db: DomainsDb;
  clock: Clock;
  config: DomainsConfig;
  newId: IdSource;
  dns: DnsLookup;
  certificates: CertificateStore;
  tenancy: Pick<Tenancy, 'hosts' | 'findHostByDomain' | 'events'>;
  mailer: Mailer;
  jobs: JobScheduler;
  recipients: DomainRecipients;
  logger: Logger;
  /** Tells whoever caches which domains are served (the XMPP server) that this one changed. */
  servingChanged(domain: string): void;
  /** Unset until the XMPP server listens (and in the CLI, which runs none). */
  tlsEndpoints(): TlsEndpoints | undefined;
}

export const DAY_MS = 86_400_000;
export const nowIso = (deps: Pick<DomainsDeps, 'clock'>) => deps.clock.now().toISOString();
