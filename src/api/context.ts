import type { Logger } from 'pino';
import type { Clock } from '../lib/clock.js';
import type { Config } from '../platform/config.js';
import type { DatabaseHandle } from '../platform/db/index.js';
import type { Platform } from '../platform/index.js';
import type { Accounts } from '../accounts/index.js';
import type { Tenancy } from '../tenancy/index.js';
import type { Support } from '../support/index.js';
import type { Billing } from '../billing/index.js';
import type { CertificateStore } from '../platform/tls/index.js';
import type { Workflows } from '../workflows/index.js';
import type { DomainRegistration } from '../domains/index.js';

/**
 * Everything the HTTP layer may use, built once by the composition root (src/bin/compose.ts) and
 * handed to every route module. Routes call area services; they never run SQL themselves.
 */
export interface ApiContext {
  config: Config;
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
  /** Version string shown in /healthz and the dashboard footer. */
  version: string;
}
