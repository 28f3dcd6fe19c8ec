import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock.js';
import type { DomainsTables, IdSource, JobScheduler, Mailer, ScopedDb } from '../../platform/index.js';
import type { RdapClient } from './rdap-client.js';
import type { RegistrarPort } from './registrar-port.js';

/** The registration part's view of the database: the domains area's tables only. */
export type DomainsDb = ScopedDb<DomainsTables>;

export interface RegistrationDeps {
  db: DomainsDb;
  clock: Clock;
  newId: IdSource;
  rdap: RdapClient;
  registrar: RegistrarPort;
  mailer: Mailer;
  jobs: JobScheduler;
  logger: Logger;
  publicUrl: string;
  /** Whose mail the reminders go to: the customer's owners and billing contacts. */
  contacts(customerIds: readonly string[]): Promise<Map<string, string[]>>;
  /** Which host domains are the customer's own (not under the hosted domain): those are tracked. */
  isCustomDomain(hostDomain: string): boolean;
}

export function nowIso(deps: Pick<RegistrationDeps, 'clock'>): string {
  return deps.clock.now().toISOString();
}
