import { Type, type Static } from 'typebox';
import { Minor, Nullable, Timestamp } from '../../lib/view-schema.js';
import type {
  RegistrationRow,
  RegistrarTaskRow,
  ReminderRow,
  RenewalRow,
} from './registrations.repository.js';

export const RegistrationState = Type.Union(
  [
    Type.Literal('active'),
    Type.Literal('expiring'),
    Type.Literal('expired'),
    Type.Literal('redemption'),
    Type.Literal('unknown'),
  ],
  { description: '`expired`: past the expiry, in the registry grace period; `redemption`: being deleted.' },
);

export const ReminderView = Type.Object({
  offsetDays: Type.Integer({ description: 'Days from the expiry: -30, -7, -1 before it; 1, 5 after.' }),
  expiresAt: Timestamp,
  sentAt: Timestamp,
  recipients: Type.Array(Type.String()),
});
export type ReminderView = Static<typeof ReminderView>;

export const RenewalView = Type.Object({
  id: Type.String(),
  domain: Type.String(),
  status: Type.Union([
    Type.Literal('invoicing'),
    Type.Literal('awaiting_payment'),
    Type.Literal('paid'),
    Type.Literal('at_registrar'),
    Type.Literal('renewed'),
    Type.Literal('refused'),
    Type.Literal('refunded'),
    Type.Literal('cancelled'),
  ]),
  curExpDate: Timestamp,
  newExpiresAt: Nullable(Timestamp),
  registrar: Type.String(),
  invoiceId: Nullable(Type.String()),
  invoiceNumber: Nullable(Type.String()),
  amount: Nullable(Minor),
  currency: Nullable(Type.String()),
  attempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  creditNoteNumber: Nullable(Type.String()),
  updatedAt: Timestamp,
});
export type RenewalView = Static<typeof RenewalView>;

/** The registration facts the domains area owns; the API adds the renewal price from billing. */
export const RegistrationFacts = Type.Object({
  id: Type.String(),
  customerId: Type.String(),
  hostId: Type.String(),
  hostDomain: Type.String(),
  domain: Nullable(Type.String({ description: 'The registered name RDAP knows (`example.com`).' })),
  expiresAt: Nullable(Timestamp),
  state: RegistrationState,
  autoRenew: Type.Boolean(),
  registrar: Nullable(Type.String({ description: 'The registrar RDAP names.' })),
  isThroughProvider: Type.Boolean({
    description: 'Registered through the provider, who can renew it (auto-renewal is offered).',
  }),
  statuses: Type.Array(Type.String(), { description: 'RDAP statuses (RFC 9083 §10.2.2).' }),
  checkedAt: Nullable(Timestamp),
  nextCheckAt: Timestamp,
  lastError: Nullable(Type.String()),
  reminders: Type.Array(ReminderView, { description: 'Reminders sent, newest first.' }),
  banner: Type.Union([ReminderView, Type.Null()], {
    description: 'The newest reminder for the current expiry, until dismissed: the dashboard banner.',
  }),
  lastRenewal: Type.Union([RenewalView, Type.Null()]),
});
export type RegistrationFacts = Static<typeof RegistrationFacts>;

export const RegistrarTaskView = Type.Object({
  id: Type.String(),
  customerId: Type.String(),
  domain: Type.String(),
  curExpDate: Timestamp,
  years: Type.Integer(),
  status: Type.Union([Type.Literal('open'), Type.Literal('done'), Type.Literal('refused')]),
  newExpiresAt: Nullable(Timestamp),
  note: Nullable(Type.String()),
  doneBy: Nullable(Type.String()),
  createdAt: Timestamp,
  doneAt: Nullable(Timestamp),
});
export type RegistrarTaskView = Static<typeof RegistrarTaskView>;

export function toReminderView(row: ReminderRow): ReminderView {
  return {
    offsetDays: row.offset_days,
    expiresAt: row.expires_at,
    sentAt: row.sent_at,
    recipients: JSON.parse(row.recipients) as string[],
  };
}

export function toRenewalView(row: RenewalRow): RenewalView {
  return {
    id: row.id,
    domain: row.domain,
    status: row.status,
    curExpDate: row.cur_exp_date,
    newExpiresAt: row.new_expires_at,
    registrar: row.registrar,
    invoiceId: row.invoice_id,
    invoiceNumber: row.invoice_number,
    amount: row.amount,
    currency: row.currency,
    attempts: row.attempts,
    lastError: row.last_error,
    creditNoteNumber: row.credit_note_number,
    updatedAt: row.updated_at,
  };
}

export function toRegistrationFacts(
  row: RegistrationRow,
  reminders: ReminderRow[],
  renewals: RenewalRow[],
): RegistrationFacts {
  const current = reminders.filter((r) => r.expires_at === row.expires_at && r.dismissed_at === null);
  return {
    id: row.id,
    customerId: row.customer_id,
    hostId: row.host_id,
    hostDomain: row.host_domain,
    domain: row.domain,
    expiresAt: row.expires_at,
    state: row.state,
    autoRenew: row.auto_renew === 1,
    registrar: row.registrar_name,
    isThroughProvider: row.is_through_provider === 1,
    statuses: JSON.parse(row.rdap_statuses) as string[],
    checkedAt: row.checked_at,
    nextCheckAt: row.next_check_at,
    lastError: row.last_error,
    reminders: reminders.map(toReminderView),
    banner: current[0] ? toReminderView(current[0]) : null,
    lastRenewal: renewals[0] ? toRenewalView(renewals[0]) : null,
  };
}

export function toTaskView(row: RegistrarTaskRow): RegistrarTaskView {
  return {
    id: row.id,
    customerId: row.customer_id,
    domain: row.domain,
    curExpDate: row.cur_exp_date,
    years: row.years,
    status: row.status,
    newExpiresAt: row.new_expires_at,
    note: row.note,
    doneBy: row.done_by,
    createdAt: row.created_at,
    doneAt: row.done_at,
  };
}
