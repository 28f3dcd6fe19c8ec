/** Row types of the support desk's tables (migrations/0005_support.ts). */
export type TicketStatusColumn =
  | 'open'
  | 'in_progress'
  | 'waiting_on_customer'
  | 'customer_reply'
  | 'on_hold'
  | 'resolved'
  | 'closed'
  | 'merged';
export type TicketPriorityColumn = 'low' | 'normal' | 'high' | 'urgent';

export interface SupportDepartmentsTable {
  id: string;
  name: string;
  is_active: number;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

export interface SupportTicketsTable {
  id: string;
  customer_id: string;
  requester_user_id: string | null;
  requester_email: string;
  requester_name: string;
  /** The organisation's name when the ticket was opened, for agents and canned responses. */
  customer_name: string;
  department_id: string;
  priority: TicketPriorityColumn;
  status: TicketStatusColumn;
  subject: string;
  host_id: string | null;
  invoice_id: string | null;
  assignee_id: string | null;
  merged_into_id: string | null;
  /** Lower-cased subject and public message bodies, for the portable LIKE search. */
  search_text: string;
  first_response_due_at: string | null;
  resolution_due_at: string | null;
  first_responded_at: string | null;
  /** Set while the SLA clock is stopped (waiting on the customer, on hold). */
  sla_paused_at: string | null;
  sla_warned_at: string | null;
  waiting_since: string | null;
  reminder_sent_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  rating: number | null;
  rating_comment: string | null;
  rated_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SupportMessagesTable {
  id: string;
  ticket_id: string;
  customer_id: string;
  author_kind: 'customer' | 'staff' | 'system';
  author_user_id: string | null;
  author_name: string;
  is_internal: number;
  body: string;
  body_html: string;
  log_text: string | null;
  source: 'web' | 'email' | 'system';
  email_message_id: string | null;
  created_at: string;
}

export interface SupportAttachmentsTable {
  id: string;
  ticket_id: string;
  message_id: string;
  customer_id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  storage_key: string;
  thumbnail_key: string | null;
  width: number | null;
  height: number | null;
  created_at: string;
}

export interface SupportTicketViewersTable {
  ticket_id: string;
  user_id: string;
  user_name: string;
  seen_at: string;
}

export interface SupportCannedResponsesTable {
  id: string;
  title: string;
  body: string;
  department_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface SupportSlaTargetsTable {
  priority: TicketPriorityColumn;
  first_response_minutes: number;
  resolution_minutes: number;
  updated_at: string;
}

export interface SupportSettingsTable {
  key: string;
  value: string;
}

export interface SupportTables {
  support_departments: SupportDepartmentsTable;
  support_tickets: SupportTicketsTable;
  support_messages: SupportMessagesTable;
  support_attachments: SupportAttachmentsTable;
  support_ticket_viewers: SupportTicketViewersTable;
  support_canned_responses: SupportCannedResponsesTable;
  support_sla_targets: SupportSlaTargetsTable;
  support_settings: SupportSettingsTable;
}
