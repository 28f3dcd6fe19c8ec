import { Type, type Static } from 'typebox';
import { Nullable, Timestamp } from '../lib/view-schema.js';
import { tenancyViews } from '../tenancy/index.js';
import type { DepartmentRow } from './desk.repository.js';
import type { AttachmentRow, MessageRow } from './messages.repository.js';
import { TICKET_PRIORITIES, TICKET_STATUSES } from './ticket-states.js';
import type { TicketRow } from './tickets.repository.js';

/*
 * What the API and the dashboard see of the support desk, as TypeBox schemas: the API serves them as
 * its response schemas, and each view's type is derived from its schema.
 */

export const DepartmentView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  isActive: Type.Boolean(),
});
export type DepartmentView = Static<typeof DepartmentView>;

export const AttachmentView = Type.Object({
  id: Type.String(),
  messageId: Type.String(),
  fileName: Type.String(),
  contentType: Type.String({ description: 'Detected from the content, never from the file name.' }),
  sizeBytes: Type.Integer(),
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
  isImage: Type.Boolean(),
  url: Type.String({ description: 'Download URL; needs the same session as the ticket.' }),
  thumbnailUrl: Nullable(Type.String()),
  createdAt: Timestamp,
});
export type AttachmentView = Static<typeof AttachmentView>;

export const MessageView = Type.Object({
  id: Type.String(),
  authorKind: Type.Enum(['customer', 'staff', 'system']),
  authorName: Type.String(),
  isInternal: Type.Boolean({ description: 'Internal notes only ever appear in staff responses.' }),
  body: Type.String({ description: 'Markdown as written.' }),
  bodyHtml: Type.String({ description: 'The Markdown rendered safely (raw HTML escaped, links checked).' }),
  logText: Nullable(Type.String({ description: 'Log text with secrets redacted; show it monospaced.' })),
  source: Type.Enum(['web', 'email', 'system']),
  createdAt: Timestamp,
  attachments: Type.Array(AttachmentView),
});
export type MessageView = Static<typeof MessageView>;

const ticketProperties = {
  id: Type.String(),
  subject: Type.String(),
  status: Type.Enum(TICKET_STATUSES),
  priority: Type.Enum(TICKET_PRIORITIES),
  department: DepartmentView,
  hostId: Nullable(Type.String()),
  invoiceId: Nullable(Type.String()),
  mergedIntoId: Nullable(Type.String(), {
    description: 'Set once the ticket was merged: its thread now lives in that ticket.',
  }),
  requester: Type.Object({ name: Type.String(), email: Type.String() }),
  rating: Nullable(Type.Integer()),
  ratingComment: Nullable(Type.String()),
  canRate: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  resolvedAt: Nullable(Timestamp),
  closedAt: Nullable(Timestamp),
};
export const TicketView = Type.Object(ticketProperties);
export type TicketView = Static<typeof TicketView>;

export const SlaTimer = Type.Object({
  dueAt: Nullable(Timestamp),
  state: Type.Enum(['ok', 'warning', 'breached', 'met', 'paused']),
  minutesLeft: Nullable(Type.Integer(), {
    description: 'Minutes left before the due time (negative once breached); null once met.',
  }),
});
export type SlaTimer = Static<typeof SlaTimer>;
export const SlaView = Type.Object({ firstResponse: SlaTimer, resolution: SlaTimer });
export type SlaView = Static<typeof SlaView>;

export const StaffTicketView = Type.Object({
  ...ticketProperties,
  customerId: Type.String(),
  customerName: Type.String(),
  assigneeId: Nullable(Type.String()),
  firstRespondedAt: Nullable(Timestamp),
  sla: SlaView,
});
export type StaffTicketView = Static<typeof StaffTicketView>;

/** A ticket with its thread, as its customer sees it. */
export const TicketDetailView = Type.Object({ ticket: TicketView, messages: Type.Array(MessageView) });
export type TicketDetail = Static<typeof TicketDetailView>;

/** Another agent who had a ticket open recently. */
export const Viewer = Type.Object({ userId: Type.String(), name: Type.String(), seenAt: Timestamp });
export type Viewer = Static<typeof Viewer>;

/** A ticket with its whole thread (internal notes too), as staff see it. */
export const StaffTicketDetailView = Type.Object({
  ticket: StaffTicketView,
  messages: Type.Array(MessageView),
  otherViewers: Type.Array(Viewer, {
    description: 'Other agents who had this ticket open in the last two minutes.',
  }),
});
export type StaffTicketDetail = Static<typeof StaffTicketDetailView>;

export const CannedResponseView = Type.Object({
  id: Type.String(),
  title: Type.String(),
  body: Type.String({
    description:
      'Markdown with variables: {customer.name}, {customer.email}, {customer.organization}, {ticket.id}, {ticket.subject}, {host.domain}, {agent.name}.',
  }),
  departmentId: Nullable(Type.String()),
  updatedAt: Timestamp,
});
export type CannedResponseView = Static<typeof CannedResponseView>;

/** A canned response with its variables filled in for one ticket. */
export const RenderedCannedResponse = Type.Object({
  id: Type.String(),
  title: Type.String(),
  body: Type.String(),
});
export type RenderedCannedResponse = Static<typeof RenderedCannedResponse>;

export const SlaTargetView = Type.Object(
  {
    priority: Type.Enum(TICKET_PRIORITIES),
    firstResponseMinutes: Type.Integer({ minimum: 1, maximum: 525_600 }),
    resolutionMinutes: Type.Integer({ minimum: 1, maximum: 525_600 }),
  },
  { additionalProperties: false },
);
export type SlaTargetView = Static<typeof SlaTargetView>;

/** A host of the ticket's customer, as the context panel lists it. */
const { id, domain, displayDomain, status, createdAt } = tenancyViews.HostView.properties;
export const ContextHost = Type.Object({ id, domain, displayDomain, status, createdAt });

/** A subscription as billing tells the desk about it. */
export const SubscriptionSummary = Type.Object({
  id: Type.String(),
  hostId: Type.String(),
  planName: Type.String(),
  status: Type.String(),
  cycle: Type.String(),
  seats: Type.Integer(),
  currentPeriodEnd: Nullable(Timestamp),
  timeZone: Type.String({ description: 'The billing time zone its dates are calendar days in.' }),
});
export type SubscriptionSummary = Static<typeof SubscriptionSummary>;

/** An invoice as billing tells the desk about it. */
export const InvoiceSummary = Type.Object({
  id: Type.String(),
  number: Nullable(Type.String()),
  status: Type.String(),
  totalMinor: Nullable(Type.Integer()),
  currency: Nullable(Type.String()),
  issuedAt: Nullable(Timestamp),
  timeZone: Type.String({ description: 'The billing time zone its dates are calendar days in.' }),
});
export type InvoiceSummary = Static<typeof InvoiceSummary>;

/**
 * The staff context panel: who the customer is, their IM hosts, their other tickets, and what billing
 * can tell (plan and subscription state per host, recent invoices) when the billing area provides it.
 */
export const TicketContextView = Type.Object({
  customer: Type.Object({
    id: Type.String(),
    name: Type.String(),
    requesterName: Type.String(),
    requesterEmail: Type.String(),
  }),
  hosts: Type.Array(ContextHost),
  otherTickets: Type.Array(TicketView),
  billingAvailable: Type.Boolean({ description: 'False while billing is not wired into the desk.' }),
  subscriptions: Type.Array(SubscriptionSummary),
  recentInvoices: Type.Array(InvoiceSummary),
  linkedInvoice: Nullable(InvoiceSummary),
});
export type TicketContext = Static<typeof TicketContextView>;

export function toDepartmentView(row: DepartmentRow): DepartmentView {
  return { id: row.id, name: row.name, isActive: row.is_active === 1 };
}

export function toAttachmentView(row: AttachmentRow): AttachmentView {
  const url = `/api/v1/tickets/${row.ticket_id}/attachments/${row.id}`;
  return {
    id: row.id,
    messageId: row.message_id,
    fileName: row.file_name,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    width: row.width,
    height: row.height,
    isImage: row.content_type.startsWith('image/'),
    url,
    thumbnailUrl: row.thumbnail_key === null ? null : `${url}?thumbnail=true`,
    createdAt: row.created_at,
  };
}

export function toMessageView(row: MessageRow, attachments: AttachmentRow[]): MessageView {
  return {
    id: row.id,
    authorKind: row.author_kind,
    authorName: row.author_name,
    isInternal: row.is_internal === 1,
    body: row.body,
    bodyHtml: row.body_html,
    logText: row.log_text,
    source: row.source,
    createdAt: row.created_at,
    attachments: attachments.filter((a) => a.message_id === row.id).map(toAttachmentView),
  };
}

const UNKNOWN_DEPARTMENT: DepartmentView = { id: '', name: 'Unknown', isActive: false };

export function toTicketView(row: TicketRow, departments: Map<string, DepartmentView>): TicketView {
  return {
    id: row.id,
    subject: row.subject,
    status: row.status,
    priority: row.priority,
    department: departments.get(row.department_id) ?? { ...UNKNOWN_DEPARTMENT, id: row.department_id },
    hostId: row.host_id,
    invoiceId: row.invoice_id,
    mergedIntoId: row.merged_into_id,
    requester: { name: row.requester_name, email: row.requester_email },
    rating: row.rating,
    ratingComment: row.rating_comment,
    canRate: row.rating === null && (row.status === 'resolved' || row.status === 'closed'),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
  };
}

export function toStaffTicketView(
  row: TicketRow,
  departments: Map<string, DepartmentView>,
  sla: SlaView,
): StaffTicketView {
  return {
    ...toTicketView(row, departments),
    customerId: row.customer_id,
    customerName: row.customer_name,
    assigneeId: row.assignee_id,
    firstRespondedAt: row.first_responded_at,
    sla,
  };
}
