import type { Logger } from 'pino';
import type { Clock } from '../lib/clock.js';
import type { IdSource, IncidentsTables, Mailer, PlatformConfig, ScopedDb } from '../platform/index.js';
import type { Tenancy } from '../tenancy/index.js';

/** The incidents area's view of the database: its own tables only (incident*). */
export type IncidentsDb = ScopedDb<IncidentsTables>;

/** Who hears about an incident: each affected customer's owners and billing contacts. */
export interface IncidentRecipients {
  customerContacts(customerId: string): Promise<string[]>;
}

/** Everything an incidents service may touch, passed in explicitly by createIncidents. */
export interface IncidentsDeps {
  db: IncidentsDb;
  clock: Clock;
  config: Pick<PlatformConfig, 'publicUrl'>;
  newId: IdSource;
  tenancy: Pick<Tenancy, 'hosts'>;
  mailer: Mailer;
  recipients: IncidentRecipients;
  logger: Logger;
}

export const nowIso = (deps: Pick<IncidentsDeps, 'clock'>) => deps.clock.now().toISOString();
