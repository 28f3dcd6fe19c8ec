import type { Logger } from 'pino';
import type { Clock } from '../lib/clock.js';
import type { DatabaseHandle } from '../platform/db/index.js';
import type { Platform, PlatformConfig } from '../platform/index.js';
import type { Accounts, AccountsConfig } from '../accounts/index.js';
import type { Tenancy, TenancyConfig } from '../tenancy/index.js';
import type { Support, SupportConfig } from '../support/index.js';
import type { Billing, BillingConfig } from '../billing/index.js';
import type { CertificateStore } from '../platform/tls/index.js';
import type { Workflows } from '../workflows/index.js';
import type { DomainRegistration, Domains, DomainsAreaConfig } from '../domains/index.js';
import type { SecurityAudits } from '../security/index.js';
import type { Diagnostics } from '../diagnostics/index.js';
import type { Incidents } from '../incidents/index.js';
import type { Monitoring } from '../monitoring/index.js';

/**
 * The configuration the HTTP layer reads: the areas it serves, and the XMPP client ports the
 * dashboard tells people about (the XMPP server declares them; the API cannot import it).
 */
export type ApiConfig = PlatformConfig &
  AccountsConfig &
  TenancyConfig &
  SupportConfig &
  BillingConfig &
  DomainsAreaConfig & { c2sPort: number; c2sTlsPort: number };

/**
 * Everything the HTTP layer may use, built once by the composition root (src/bin/compose.ts) and
 * handed to every route module. Routes call area services; they never run SQL themselves.
 */
export interface ApiContext {
  config: ApiConfig;
  clock: Clock;
  database: DatabaseHandle;
  logger: Logger;
  platform: Platform;
  accounts: Accounts;
  tenancy: Tenancy;
  support: Support;
  billing: Billing;
  /** Each custom domain's registration: expiry by RDAP, reminders, auto-renewal at a registrar. */
  domainRegistration: DomainRegistration;
  /** Work that spans areas (a host on a plan), shared with the CLI. */
  workflows: Workflows;
  /** One store for the API and the XMPP listeners: its cached TLS contexts are what clients get. */
  certificates: CertificateStore;
  /** Ownership, DNS checks and ACME certificates of the hosts' domains. */
  domains: Domains;
  /** Each host's weekly security audit, its history, and staff's server-wide report. */
  security: SecurityAudits;
  /** "Check my IM host": the client's steps, run from outside, with their fixes. */
  diagnostics: Diagnostics;
  /** Outages staff announce: the customers' banner, the public status page, tickets linked to them. */
  incidents: Incidents;
  /** Each host's figures and members' login history, and this node's process figures. */
  monitoring: Monitoring;
  /** Version string shown in /healthz and the dashboard footer. */
  version: string;
}
