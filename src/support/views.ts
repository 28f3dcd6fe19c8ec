import type { DepartmentRow } from './desk.repository.js';
import type { AttachmentRow, MessageRow } from './messages.repository.js';
import type { SlaView } from './sla.js';
import type { TicketPriority, TicketStatus } from './ticket-states.js';
import type { TicketRow } from './tickets.repository.js';

export interface DepartmentView {
  id: string;
  name: string;
  isActive: boolean;
}

export interface AttachmentView {
  id: string;
  messageId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  width: number | null;
  height: number | null;
  isImage: boolean;
  url: string;
  thumbnailUrl: string | null;
  createdAt: string;
}

export interface MessageView {
  id: string;
  authorKind: 'customer' | 'staff' | 'system';
  authorName: string;
  isInternal: boolean;
  body: string;
  bodyHtml: string;
  logText: string | null;
  source: 'web' | 'email' | 'system';
  createdAt: string;
  attachments: AttachmentView[];
}

export interface TicketView {
  id: string;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  department: DepartmentView;
  hostId: string | null;
  invoiceId: string | null;
  /** Set once the ticket was merged: its thread now lives in that ticket. */
  mergedIntoId: string | null;
  requester: { name: string; email: string };
  rating: number | null;
  ratingComment: string | null;
  canRate: boolean;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
}

export interface StaffTicketView extends TicketView {
  customerId: string;
  customerName: string;
  assigneeId: string | null;
  firstRespondedAt: string | null;
  sla: SlaView;
}

export interface TicketDetail<T extends TicketView = TicketView> {
  ticket: T;
  messages: MessageView[];
}

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
