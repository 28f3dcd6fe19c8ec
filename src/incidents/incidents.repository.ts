import type {
  IncidentHostsTable,
  IncidentsTable,
  IncidentTicketsTable,
  IncidentUpdatesTable,
} from '../platform/index.js';
import type { IncidentsDb } from './incidents-deps.js';

export type IncidentRow = IncidentsTable;
export type IncidentUpdateRow = IncidentUpdatesTable;
export type IncidentHostRow = IncidentHostsTable;
export type IncidentTicketRow = IncidentTicketsTable;

/**
 * The SQL of the incidents area. Incidents are the operator's, not a tenant's: what a customer may
 * see of them is narrowed here by `customerId` (their own hosts only), and the public status page
 * reads no hosts at all.
 */
export function incidentsRepository(db: IncidentsDb) {
  /** Open incidents that touch this customer: every-host ones, and those naming one of its hosts. */
  const openForCustomer = (customerId: string) =>
    db
      .selectFrom('incidents')
      .selectAll()
      .where('status', '!=', 'resolved')
      .where((eb) =>
        eb.or([
          eb('is_all_hosts', '=', 1),
          eb.exists(
            eb
              .selectFrom('incident_hosts')
              .select('incident_hosts.host_id')
              .whereRef('incident_hosts.incident_id', '=', 'incidents.id')
              .where('incident_hosts.customer_id', '=', customerId),
          ),
        ]),
      );

  return {
    async insert(incident: IncidentRow, hosts: IncidentHostRow[], update: IncidentUpdateRow): Promise<void> {
      await db.transaction().execute(async (tx) => {
        await tx.insertInto('incidents').values(incident).execute();
        if (hosts.length > 0) await tx.insertInto('incident_hosts').values(hosts).execute();
        await tx.insertInto('incident_updates').values(update).execute();
      });
    },

    /** Appends an update and moves the incident to its status, unless it was resolved meanwhile. */
    async addUpdate(update: IncidentUpdateRow): Promise<boolean> {
      return db.transaction().execute(async (tx) => {
        const changed = await tx
          .updateTable('incidents')
          .set({
            status: update.status,
            updated_at: update.created_at,
            ...(update.status === 'resolved' && { resolved_at: update.created_at }),
          })
          .where('id', '=', update.incident_id)
          .where('status', '!=', 'resolved')
          .executeTakeFirst();
        if (Number(changed.numUpdatedRows) === 0) return false;
        await tx.insertInto('incident_updates').values(update).execute();
        return true;
      });
    },

    find: (id: string) => db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst(),

    /** Newest first, keyset-paged by id (ids sort by creation). */
    listPage: (limit: number, before: string | undefined) => {
      let query = db
        .selectFrom('incidents')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(limit + 1);
      if (before) query = query.where('id', '<', before);
      return query.execute();
    },

    listOpen: () =>
      db
        .selectFrom('incidents')
        .selectAll()
        .where('status', '!=', 'resolved')
        .orderBy('id', 'desc')
        .execute(),

    listResolvedSince: (sinceIso: string, limit: number) =>
      db
        .selectFrom('incidents')
        .selectAll()
        .where('status', '=', 'resolved')
        .where('resolved_at', '>=', sinceIso)
        .orderBy('resolved_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute(),

    listOpenForCustomer: (customerId: string) => openForCustomer(customerId).orderBy('id', 'desc').execute(),

    /** The open incidents a ticket about this host (or, without one, from this customer) belongs to. */
    listOpenForTicket: (customerId: string, hostId: string | null) => {
      if (hostId === null) return openForCustomer(customerId).select('id').execute();
      return db
        .selectFrom('incidents')
        .select('id')
        .where('status', '!=', 'resolved')
        .where((eb) =>
          eb.or([
            eb('is_all_hosts', '=', 1),
            eb.exists(
              eb
                .selectFrom('incident_hosts')
                .select('incident_hosts.host_id')
                .whereRef('incident_hosts.incident_id', '=', 'incidents.id')
                .where('incident_hosts.host_id', '=', hostId)
                .where('incident_hosts.customer_id', '=', customerId),
            ),
          ]),
        )
        .execute();
    },

    updatesOf: (incidentIds: string[]) =>
      incidentIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('incident_updates')
            .selectAll()
            .where('incident_id', 'in', incidentIds)
            .orderBy('created_at', 'desc')
            .orderBy('id', 'desc')
            .execute(),

    hostsOf: (incidentIds: string[]) =>
      incidentIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('incident_hosts')
            .selectAll()
            .where('incident_id', 'in', incidentIds)
            .orderBy('domain')
            .execute(),

    ticketsOf: (incidentIds: string[]) =>
      incidentIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('incident_tickets')
            .selectAll()
            .where('incident_id', 'in', incidentIds)
            .orderBy('linked_at')
            .execute(),

    async linkTickets(rows: IncidentTicketRow[]): Promise<void> {
      if (rows.length > 0) await db.insertInto('incident_tickets').values(rows).execute();
    },

    incidentsOfTicket: (ticketId: string) =>
      db
        .selectFrom('incidents')
        .innerJoin('incident_tickets', 'incident_tickets.incident_id', 'incidents.id')
        .selectAll('incidents')
        .where('incident_tickets.ticket_id', '=', ticketId)
        .orderBy('incidents.id', 'desc')
        .execute(),
  };
}

export type IncidentsRepository = ReturnType<typeof incidentsRepository>;
