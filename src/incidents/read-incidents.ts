import { AppError } from '../lib/errors.js';
import { toPage, type Page, type PageQuery } from '../platform/index.js';
import type { IncidentsDeps } from './incidents-deps.js';
import { incidentsRepository, type IncidentRow } from './incidents.repository.js';
import {
  toCustomerIncident,
  toPublicIncident,
  toStaffIncident,
  type CustomerIncidentView,
  type OutageStatusView,
  type PublicStatusView,
  type StaffIncidentView,
  type TicketIncidentView,
} from './views.js';

const DAY_MS = 86_400_000;
/** How far back the public status page shows resolved incidents. */
const PAST_DAYS = 90;
const PAST_LIMIT = 50;

async function staffViews(deps: IncidentsDeps, rows: IncidentRow[]): Promise<StaffIncidentView[]> {
  const repository = incidentsRepository(deps.db);
  const ids = rows.map((row) => row.id);
  const [updates, hosts, tickets] = await Promise.all([
    repository.updatesOf(ids),
    repository.hostsOf(ids),
    repository.ticketsOf(ids),
  ]);
  return rows.map((row) => toStaffIncident(row, { updates, hosts, tickets }));
}

export async function listIncidents(deps: IncidentsDeps, page: PageQuery): Promise<Page<StaffIncidentView>> {
  const rows = await incidentsRepository(deps.db).listPage(page.limit, page.before);
  const views = await staffViews(deps, rows.slice(0, page.limit));
  const byId = new Map(views.map((view) => [view.id, view]));
  return toPage(rows, page.limit, (row) => byId.get(row.id)!);
}

export async function getIncident(deps: IncidentsDeps, incidentId: string): Promise<StaffIncidentView> {
  const row = await incidentsRepository(deps.db).find(incidentId);
  if (!row) throw new AppError('incident_not_found');
  return (await staffViews(deps, [row]))[0]!;
}

/** The open incidents that touch this customer, naming only its own hosts: the dashboard's banner. */
export async function incidentsForCustomer(
  deps: IncidentsDeps,
  customerId: string,
): Promise<CustomerIncidentView[]> {
  const repository = incidentsRepository(deps.db);
  const rows = await repository.listOpenForCustomer(customerId);
  const ids = rows.map((row) => row.id);
  const [updates, hosts] = await Promise.all([repository.updatesOf(ids), repository.hostsOf(ids)]);
  return rows.map((row) => toCustomerIncident(row, { updates, hosts }, customerId));
}

/** What anyone may see, signed in or not: titles and updates, never a host or a customer. */
export async function publicStatus(deps: IncidentsDeps): Promise<PublicStatusView> {
  const repository = incidentsRepository(deps.db);
  const since = new Date(deps.clock.nowMs() - PAST_DAYS * DAY_MS).toISOString();
  const [open, past] = await Promise.all([
    repository.listOpen(),
    repository.listResolvedSince(since, PAST_LIMIT),
  ]);
  const updates = await repository.updatesOf([...open, ...past].map((row) => row.id));
  const state =
    open.length === 0 ? 'operational' : open.every((row) => row.impact === 'minor') ? 'degraded' : 'outage';
  return {
    state,
    current: open.map((row) => toPublicIncident(row, updates)),
    past: past.map((row) => toPublicIncident(row, updates)),
  };
}

export async function incidentsOfTicket(
  deps: IncidentsDeps,
  ticketId: string,
): Promise<TicketIncidentView[]> {
  const rows = await incidentsRepository(deps.db).incidentsOfTicket(ticketId);
  return rows.map((row) => ({ id: row.id, title: row.title, status: row.status, startedAt: row.started_at }));
}

/**
 * The XEP-0455 document for every host's chat apps. Only incidents that affect every host are in
 * it: the address is the same for all hosts and public, and an outage of some hosts is told only
 * to their own customers.
 */
export async function outageStatus(deps: IncidentsDeps): Promise<OutageStatusView> {
  const repository = incidentsRepository(deps.db);
  const open = (await repository.listOpen()).filter((row) => row.is_all_hosts === 1);
  if (open.length === 0) return {};
  const updates = await repository.updatesOf(open.map((row) => row.id));
  const lines = open.map((row) => {
    const latest = updates.find((update) => update.incident_id === row.id);
    return latest ? `${row.title}: ${latest.message}` : row.title;
  });
  const beginning = open.map((row) => row.started_at).sort()[0]!;
  return { planned: false, beginning, message: { en: lines.join('\n') } };
}
