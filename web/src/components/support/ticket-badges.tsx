import type { SlaTimer, StaffTicket, TicketPriority, TicketStatus } from '../../api/views';

const statusLabel: Record<TicketStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  waiting_on_customer: 'Waiting on customer',
  customer_reply: 'Customer replied',
  on_hold: 'On hold',
  resolved: 'Resolved',
  closed: 'Closed',
  merged: 'Merged',
};

const statusTone: Record<TicketStatus, string> = {
  open: 'badge-info',
  in_progress: 'badge-info',
  waiting_on_customer: 'badge-warning',
  customer_reply: 'badge-warning',
  on_hold: 'badge-neutral',
  resolved: 'badge-success',
  closed: 'badge-neutral',
  merged: 'badge-neutral',
};

export const TICKET_STATUSES = Object.keys(statusLabel) as TicketStatus[];
export const TICKET_PRIORITIES: TicketPriority[] = ['low', 'normal', 'high', 'urgent'];

export function ticketStatusLabel(status: TicketStatus): string {
  return statusLabel[status];
}

export function priorityLabel(priority: TicketPriority): string {
  return priority.charAt(0).toUpperCase() + priority.slice(1);
}

export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  return <span className={`badge ${statusTone[status]}`}>{statusLabel[status]}</span>;
}

const priorityTone: Record<TicketPriority, string> = {
  low: 'badge-neutral',
  normal: 'badge-neutral',
  high: 'badge-warning',
  urgent: 'badge-danger',
};

export function PriorityBadge({ priority }: { priority: TicketPriority }) {
  return <span className={`badge ${priorityTone[priority]}`}>{priorityLabel(priority)}</span>;
}

const slaTone: Record<SlaTimer['state'], string> = {
  ok: 'badge-success',
  warning: 'badge-warning',
  breached: 'badge-danger',
  met: 'badge-neutral',
  paused: 'badge-neutral',
};

function slaText(timer: SlaTimer): string {
  if (timer.state === 'met') return 'met';
  if (timer.state === 'paused') return 'paused';
  if (timer.state === 'breached') return 'breached';
  if (timer.minutesLeft === null) return timer.state;
  return `${duration(timer.minutesLeft)} left`;
}

function duration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  if (hours >= 48) return `${Math.floor(hours / 24)} d${hours % 24 ? ` ${hours % 24} h` : ''}`;
  if (hours > 0) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  return `${minutes} min`;
}

function SlaBadge({ label, timer }: { label: string; timer: SlaTimer }) {
  return (
    <span className={`badge ${slaTone[timer.state]}`}>
      {label}: {slaText(timer)}
    </span>
  );
}

/** The SLA timers still running for a ticket: first response until answered, then resolution. */
export function SlaTimers({ ticket }: { ticket: StaffTicket }) {
  const { firstResponse, resolution } = ticket.sla;
  return (
    <span className="sla-timers">
      {!ticket.firstRespondedAt && firstResponse.dueAt && <SlaBadge label="Response" timer={firstResponse} />}
      {resolution.dueAt && resolution.state !== 'met' && <SlaBadge label="Resolution" timer={resolution} />}
    </span>
  );
}
