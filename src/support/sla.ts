/**
 * SLA arithmetic, pure. A ticket gets due times for its first response and its resolution from the
 * targets of its priority. While the SLA clock is paused (waiting on the customer, on hold) or
 * stopped, `sla_paused_at` holds when it stopped; when it runs again both due times move out by the
 * length of the pause, so time spent waiting on the customer never counts against us.
 */
import { slaClock, type TicketStatus } from './ticket-states.js';
import type { SlaTimer, SlaView } from './views.js';

export type { SlaTimer, SlaView };

export interface SlaTarget {
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

export interface SlaFields {
  created_at: string;
  first_response_due_at: string | null;
  resolution_due_at: string | null;
  first_responded_at: string | null;
  sla_paused_at: string | null;
  resolved_at: string | null;
}

export type SlaState = 'ok' | 'warning' | 'breached' | 'met' | 'paused';

/** Warn when this share of the target is left, so agents hear of a breach before it happens. */
export const WARN_FRACTION = 0.25;

const MINUTE = 60_000;

function addMs(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

export function initialDueTimes(
  createdAt: string,
  target: SlaTarget,
): Pick<SlaFields, 'first_response_due_at' | 'resolution_due_at'> {
  return {
    first_response_due_at: addMs(createdAt, target.firstResponseMinutes * MINUTE),
    resolution_due_at: addMs(createdAt, target.resolutionMinutes * MINUTE),
  };
}

/** The SLA columns after a status change at `now`: pause, or resume and push the due times out. */
export function slaAfterStatusChange(
  ticket: SlaFields,
  from: TicketStatus,
  to: TicketStatus,
  now: string,
): Pick<SlaFields, 'first_response_due_at' | 'resolution_due_at' | 'sla_paused_at'> {
  const wasRunning = slaClock(from) === 'running';
  const isRunning = slaClock(to) === 'running';
  const unchanged = {
    first_response_due_at: ticket.first_response_due_at,
    resolution_due_at: ticket.resolution_due_at,
    sla_paused_at: ticket.sla_paused_at,
  };
  if (wasRunning && !isRunning) return { ...unchanged, sla_paused_at: now };
  if (!wasRunning && isRunning && ticket.sla_paused_at !== null) {
    const pausedMs = Math.max(0, Date.parse(now) - Date.parse(ticket.sla_paused_at));
    const shift = (due: string | null) => (due === null ? null : addMs(due, pausedMs));
    return {
      first_response_due_at:
        ticket.first_responded_at === null
          ? shift(ticket.first_response_due_at)
          : ticket.first_response_due_at,
      resolution_due_at: shift(ticket.resolution_due_at),
      sla_paused_at: null,
    };
  }
  return unchanged;
}

function timer(
  dueAt: string | null,
  doneAt: string | null,
  pausedAt: string | null,
  targetMinutes: number,
  now: string,
): SlaTimer {
  if (dueAt === null) return { dueAt, state: 'ok', minutesLeft: null };
  const due = Date.parse(dueAt);
  if (doneAt !== null) {
    // A ticket resolved while paused (e.g. auto-resolved after waiting on the customer) stopped its clock when the pause began.
    const stoppedAt =
      pausedAt === null ? Date.parse(doneAt) : Math.min(Date.parse(doneAt), Date.parse(pausedAt));
    return { dueAt, state: stoppedAt <= due ? 'met' : 'breached', minutesLeft: null };
  }
  const at = pausedAt === null ? Date.parse(now) : Date.parse(pausedAt);
  const minutesLeft = Math.floor((due - at) / MINUTE);
  if (minutesLeft < 0) return { dueAt, state: 'breached', minutesLeft };
  if (pausedAt !== null) return { dueAt, state: 'paused', minutesLeft };
  return { dueAt, state: minutesLeft <= targetMinutes * WARN_FRACTION ? 'warning' : 'ok', minutesLeft };
}

export function slaView(ticket: SlaFields, target: SlaTarget, now: string): SlaView {
  return {
    firstResponse: timer(
      ticket.first_response_due_at,
      ticket.first_responded_at,
      ticket.sla_paused_at,
      target.firstResponseMinutes,
      now,
    ),
    resolution: timer(
      ticket.resolution_due_at,
      ticket.resolved_at,
      ticket.sla_paused_at,
      target.resolutionMinutes,
      now,
    ),
  };
}

/** Whether agents should be warned now: a running timer that is close to, or past, its due time. */
export function needsWarning(view: SlaView): boolean {
  return [view.firstResponse.state, view.resolution.state].some(
    (state) => state === 'warning' || state === 'breached',
  );
}
