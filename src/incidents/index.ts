/**
 * Incidents: staff say the service is down or degraded, keep a timeline of updates, and resolve it.
 * Affected customers see a banner and get an email when it opens and when it is resolved; anyone
 * can read the public status page, which names no host; tickets opened meanwhile are linked.
 */
import type { Clock } from '../lib/clock.js';
import {
  monotonicIdSource,
  scopedDb,
  type DatabaseHandle,
  type IncidentsTables,
  type Page,
  type PageQuery,
  type Platform,
  type PlatformConfig,
} from '../platform/index.js';
import type { Tenancy } from '../tenancy/index.js';
import type { IncidentRecipients, IncidentsDeps } from './incidents-deps.js';
import { linkTicket, type NewTicketRef } from './link-ticket.js';
import { openIncident, type NewIncident } from './open-incident.js';
import { postIncidentUpdate } from './post-incident-update.js';
import {
  getIncident,
  incidentsForCustomer,
  incidentsOfTicket,
  listIncidents,
  outageStatus,
  publicStatus,
} from './read-incidents.js';
import type {
  CustomerIncidentView,
  OutageStatusView,
  PublicStatusView,
  StaffIncidentView,
  TicketIncidentView,
} from './views.js';
import type { IncidentStatus } from '../platform/index.js';

export type { IncidentRecipients } from './incidents-deps.js';
export type { NewIncident } from './open-incident.js';
export type { NewTicketRef } from './link-ticket.js';
export * as incidentsViews from './views.js';
export { incidentsMailTemplates } from './mail-templates.js';

export interface Incidents {
  open(input: NewIncident): Promise<StaffIncidentView>;
  postUpdate(
    incidentId: string,
    input: { status: IncidentStatus; message: string },
  ): Promise<StaffIncidentView>;
  list(page: PageQuery): Promise<Page<StaffIncidentView>>;
  get(incidentId: string): Promise<StaffIncidentView>;
  /** The banner: open incidents touching this customer's hosts. */
  forCustomer(customerId: string): Promise<CustomerIncidentView[]>;
  publicStatus(): Promise<PublicStatusView>;
  /** The XEP-0455 document: service-wide outages only. */
  outageStatus(): Promise<OutageStatusView>;
  linkTicket(ticket: NewTicketRef): Promise<number>;
  ofTicket(ticketId: string): Promise<TicketIncidentView[]>;
}

export interface IncidentsOptions {
  config: Pick<PlatformConfig, 'publicUrl'>;
  clock: Clock;
  database: DatabaseHandle;
  platform: Platform;
  tenancy: Pick<Tenancy, 'hosts'>;
  recipients: IncidentRecipients;
}

export function createIncidents(options: IncidentsOptions): Incidents {
  const deps: IncidentsDeps = {
    db: scopedDb<IncidentsTables>(options.database.db),
    clock: options.clock,
    config: options.config,
    newId: monotonicIdSource(options.clock),
    tenancy: options.tenancy,
    mailer: options.platform.mailer,
    recipients: options.recipients,
    logger: options.platform.logger.child({ area: 'incidents' }),
  };
  return {
    open: async (input) => getIncident(deps, await openIncident(deps, input)),
    postUpdate: async (incidentId, input) => {
      await postIncidentUpdate(deps, incidentId, input);
      return getIncident(deps, incidentId);
    },
    list: (page) => listIncidents(deps, page),
    get: (incidentId) => getIncident(deps, incidentId),
    forCustomer: (customerId) => incidentsForCustomer(deps, customerId),
    publicStatus: () => publicStatus(deps),
    outageStatus: () => outageStatus(deps),
    linkTicket: (ticket) => linkTicket(deps, ticket),
    ofTicket: (ticketId) => incidentsOfTicket(deps, ticketId),
  };
}
