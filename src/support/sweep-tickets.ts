/**
 * The desk's recurring job, on the durable scheduler and the injected clock. Each pass:
 * 1. reminds customers whose ticket has waited on them for IMHOST_SUPPORT_REMINDER_DAYS;
 * 2. resolves tickets that waited IMHOST_SUPPORT_AUTO_RESOLVE_DAYS, telling the customer and asking
 *    for a rating;
 * 3. closes tickets resolved IMHOST_SUPPORT_AUTO_CLOSE_DAYS ago;
 * 4. warns agents, once per ticket, when an SLA timer is close to or past its due time.
 * Each step re-reads what it changes in its own transaction, so a pass repeated after a crash does
 * nothing twice.
 */
import { formatMinuteIn } from '../lib/time-zone.js';
import { applyStatusEvent } from './change-ticket-status.js';
import { supportMailTemplates } from './mail-templates.js';
import { notifierFor } from './notify.js';
import { needsWarning, slaView, WARN_FRACTION } from './sla.js';
import { DAY_MS, isoAgo, nowIso, type SupportDeps } from './support-deps.js';
import { slaTargets, targetOf } from './ticket-access.js';
import { TICKET_PRIORITIES } from './ticket-states.js';
import {
  findTicket,
  listTicketsDue,
  listTicketsNearingDue,
  updateTicket,
  type TicketRow,
} from './tickets.repository.js';

export const SWEEP_JOB = 'support.sweep';
export const SWEEP_CRON = '*/10 * * * *';
const BATCH = 200;

export interface SweepSummary {
  reminded: number;
  resolved: number;
  closed: number;
  warned: number;
}

const SYSTEM_NAME = 'Support desk';

export async function sweepTickets(deps: SupportDeps): Promise<SweepSummary> {
  const summary: SweepSummary = { reminded: 0, resolved: 0, closed: 0, warned: 0 };
  const { supportReminderDays, supportAutoResolveDays, supportAutoCloseDays } = deps.config;
  const all = { kind: 'all' } as const;

  for (const due of await listTicketsDue(
    deps.db,
    'waiting_on_customer',
    'waiting_since',
    isoAgo(deps, supportAutoResolveDays * DAY_MS),
    BATCH,
  )) {
    const notify = await notifierFor(deps, due);
    await deps.db.transaction().execute(async (tx) => {
      const ticket = await findTicket(tx, all, due.id);
      if (ticket?.status !== 'waiting_on_customer') return;
      await applyStatusEvent(deps, tx, ticket, { kind: 'auto_resolve' }, SYSTEM_NAME);
      await notify.send(tx, supportMailTemplates.ticket_auto_resolved, {
        ticket,
        reopenDays: supportAutoCloseDays,
      });
      summary.resolved++;
    });
  }

  for (const due of await listTicketsDue(
    deps.db,
    'waiting_on_customer',
    'waiting_since',
    isoAgo(deps, supportReminderDays * DAY_MS),
    BATCH,
  )) {
    if (due.reminder_sent_at !== null) continue;
    const notify = await notifierFor(deps, due);
    await deps.db.transaction().execute(async (tx) => {
      const ticket = await findTicket(tx, all, due.id);
      if (ticket?.status !== 'waiting_on_customer' || ticket.reminder_sent_at !== null) return;
      await updateTicket(tx, all, ticket.id, { reminder_sent_at: nowIso(deps) });
      const left = supportAutoResolveDays - supportReminderDays;
      await notify.send(tx, supportMailTemplates.reply_reminder, { ticket, daysLeft: left });
      summary.reminded++;
    });
  }

  for (const due of await listTicketsDue(
    deps.db,
    'resolved',
    'resolved_at',
    isoAgo(deps, supportAutoCloseDays * DAY_MS),
    BATCH,
  )) {
    await deps.db.transaction().execute(async (tx) => {
      const ticket = await findTicket(tx, all, due.id);
      if (ticket?.status !== 'resolved') return;
      await applyStatusEvent(deps, tx, ticket, { kind: 'auto_close' }, SYSTEM_NAME);
      summary.closed++;
    });
  }

  const targets = await slaTargets(deps);
  const now = nowIso(deps);
  // Only tickets inside their warning window are read, so the sweep stays cheap however long the queue.
  const nearing: TicketRow[] = [];
  for (const priority of TICKET_PRIORITIES) {
    const target = targetOf(targets, priority);
    const ahead = (minutes: number) => isoAgo(deps, -minutes * WARN_FRACTION * 60_000);
    nearing.push(
      ...(await listTicketsNearingDue(
        deps.db,
        priority,
        {
          firstResponseBefore: ahead(target.firstResponseMinutes),
          resolutionBefore: ahead(target.resolutionMinutes),
        },
        BATCH,
      )),
    );
  }
  for (const ticket of nearing) {
    const view = slaView(ticket, targetOf(targets, ticket.priority), now);
    if (!needsWarning(view)) continue;
    const notify = await notifierFor(deps, ticket);
    // Times in mail read in the customer's billing time zone, as everywhere; read before the transaction (SQLite).
    const timeZone = (await deps.billing?.timeZone(ticket.customer_id)) ?? 'UTC';
    await deps.db.transaction().execute(async (tx) => {
      await updateTicket(tx, all, ticket.id, { sla_warned_at: now });
      const isFirstResponse = ticket.first_responded_at === null;
      const timer = isFirstResponse ? view.firstResponse : view.resolution;
      await notify.send(tx, supportMailTemplates.sla_alert, {
        ticket,
        isBreached: timer.state === 'breached',
        target: isFirstResponse ? 'first response' : 'resolution',
        dueAt: timer.dueAt === null ? 'no set time' : formatMinuteIn(timer.dueAt, timeZone),
        minutesLeft: timer.minutesLeft,
      });
      summary.warned++;
    });
  }
  return summary;
}
