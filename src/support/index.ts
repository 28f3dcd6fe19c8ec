/**
 * The support desk: tickets from the dashboard and by email, the staff queue, SLAs, auto-close,
 * attachments and canned responses. This file is the area's public surface.
 */
import type { AddressInfo } from 'node:net';
import type { Accounts } from '../accounts/index.js';
import type { Clock } from '../lib/clock.js';
import { newSecret } from '../lib/ids.js';
import {
  monotonicIdSource,
  scopedDb,
  type DatabaseHandle,
  type PageQuery,
  type Platform,
  type PlatformConfig,
  type SupportTables,
} from '../platform/index.js';
import type { SupportConfig } from './support-options.js';
import type { Tenancy } from '../tenancy/index.js';
import { createAttachmentStore } from './attachment-store.js';
import { changeStatusAsCustomer } from './change-ticket-status.js';
import { askBillingQuestion, type BillingQuestion } from './ask-billing-question.js';
import { createTicket, type NewTicket } from './create-ticket.js';
import {
  changeCannedResponse,
  createCannedResponse,
  listCannedResponseViews,
  removeCannedResponse,
} from './manage-canned-responses.js';
import { changeDepartment, createDepartment, listDepartmentViews } from './manage-departments.js';
import { listSlaTargetViews, setSlaTargets, type SlaTargetView } from './manage-sla-targets.js';
import { findSetting, insertSettingIfAbsent } from './desk.repository.js';
import { getCustomerTicket, getStaffTicket, recordViewer } from './get-ticket.js';
import { createInboundListener, type InboundListener } from './inbound-smtp.js';
import { listCustomerTickets, listQueue, type QueueQuery } from './list-tickets.js';
import { mergeTickets } from './merge-tickets.js';
import { rateTicket } from './rate-ticket.js';
import { readAttachment } from './read-attachment.js';
import { receiveEmail } from './receive-email.js';
import { renderCannedResponse } from './render-canned-response.js';
import { replyAsCustomer, replyAsStaff, type CustomerReply, type StaffReply } from './reply-to-ticket.js';
import type { CustomerActor, StaffActor } from './requester.js';
import type { SupportBillingPort, SupportDeps } from './support-deps.js';
import { SWEEP_CRON, SWEEP_JOB, sweepTickets } from './sweep-tickets.js';
import { loadTicket } from './ticket-access.js';
import { getTicketContext } from './ticket-context.js';
import type { TicketStatus } from './ticket-states.js';
import { updateTicketAsStaff, type TicketChanges } from './update-ticket.js';
import type { Upload } from './uploads.js';

export { MIN_DESCRIPTION_LENGTH, type NewTicket } from './create-ticket.js';
export { ACCEPTED_UPLOAD_TYPES } from './attachment-content.js';
export { STAFF_SETTABLE_STATUSES, TICKET_PRIORITIES, TICKET_STATUSES } from './ticket-states.js';
export type { StaffSettableStatus, TicketPriority, TicketStatus } from './ticket-states.js';
export type { CustomerActor, StaffActor } from './requester.js';
export type { Upload } from './uploads.js';
export type { AttachmentFile } from './read-attachment.js';
export type { InboundOutcome } from './receive-email.js';
export type { SweepSummary } from './sweep-tickets.js';
export type { TicketContext } from './ticket-context.js';
export type { Viewer } from './get-ticket.js';
export type { CannedResponseView } from './manage-canned-responses.js';
export type { SlaTargetView } from './manage-sla-targets.js';
export type { InvoiceSummary, SubscriptionSummary, SupportBillingPort } from './support-deps.js';
export type { QueueQuery } from './list-tickets.js';
export type { TicketChanges } from './update-ticket.js';
export type * from './views.js';
/** The view schemas, which the API serves as its response schemas. */
export * as supportViews from './views.js';
export { redactSecrets } from './redact-secrets.js';
/** The Technical department (seeded by migration 0005): where connection problems go. */
export const TECHNICAL_DEPARTMENT_ID = 'dep_technical';
export { supportMailTemplates } from './mail-templates.js';
export { supportConfig, type SupportConfig } from './support-options.js';

export interface SupportOptions {
  config: PlatformConfig & SupportConfig;
  clock: Clock;
  database: DatabaseHandle;
  platform: Platform;
  accounts: Accounts;
  tenancy: Tenancy;
  /**
   * Billing's facts for "ask a billing question" and the context panel, as the desk asks for them
   * (the composition root adapts billing to it); without it invoice ids are stored unverified.
   */
  billing?: SupportBillingPort | null;
}

const REPLY_KEY_SETTING = 'reply_address_key';

function deskAddress(config: Pick<PlatformConfig, 'mailFrom'> & SupportConfig): string {
  if (config.supportAddress) return config.supportAddress;
  const domain = /@([^\s>]+)>?\s*$/.exec(config.mailFrom)?.[1] ?? 'localhost';
  return `support@${domain}`;
}

export function createSupport(options: SupportOptions) {
  const { config, clock, database, platform } = options;
  const db = scopedDb<SupportTables>(database.db);
  let replyKey: string | undefined;
  const deps: SupportDeps = {
    config,
    clock,
    db,
    logger: platform.logger.child({ area: 'support' }),
    mailer: platform.mailer,
    tenancy: options.tenancy,
    accounts: options.accounts,
    billing: options.billing ?? null,
    files: createAttachmentStore(config.dataDir),
    newId: monotonicIdSource(clock),
    supportAddress: deskAddress(config),
    async replyKey() {
      if (replyKey === undefined) {
        await insertSettingIfAbsent(db, REPLY_KEY_SETTING, newSecret());
        replyKey = await findSetting(db, REPLY_KEY_SETTING);
        if (replyKey === undefined) throw new Error('the reply address key could not be stored');
      }
      return replyKey;
    },
  };
  platform.jobs.define(SWEEP_JOB, async () => {
    await sweepTickets(deps);
  });
  platform.jobs.every(SWEEP_JOB, SWEEP_CRON);

  const inboundMail = platform.metrics.counter({
    name: 'imhost_support_inbound_mail_total',
    help: 'Emails received for the support desk, by outcome (threaded, or why they were ignored).',
    labelNames: ['outcome'],
  });
  const receive = async (raw: Buffer, recipients: string[]) => {
    const result = await receiveEmail(deps, raw, recipients);
    inboundMail.inc({ outcome: result.outcome === 'threaded' ? 'threaded' : result.reason });
    return result;
  };
  let inbound: InboundListener | undefined;
  let inboundAddress: AddressInfo | null = null;
  const customerScope = (customerId: string) => ({ kind: 'customer', customerId }) as const;

  return {
    supportAddress: deps.supportAddress,
    departments: {
      list: (options: { activeOnly: boolean }) => listDepartmentViews(deps, options.activeOnly),
      create: (input: { name: string }) => createDepartment(deps, input),
      update: (id: string, input: Parameters<typeof changeDepartment>[2]) =>
        changeDepartment(deps, id, input),
    },
    slaTargets: {
      list: () => listSlaTargetViews(deps),
      set: (targets: SlaTargetView[]) => setSlaTargets(deps, targets),
    },
    canned: {
      list: () => listCannedResponseViews(deps),
      create: (input: Parameters<typeof createCannedResponse>[1]) => createCannedResponse(deps, input),
      update: (id: string, input: Parameters<typeof changeCannedResponse>[2]) =>
        changeCannedResponse(deps, id, input),
      remove: (id: string) => removeCannedResponse(deps, id),
      render: (staff: StaffActor, ticketId: string, cannedId: string) =>
        renderCannedResponse(deps, staff, ticketId, cannedId),
    },
    customer: {
      create: (actor: CustomerActor, input: NewTicket, files: Upload[]) =>
        createTicket(deps, actor, input, files),
      list: (customerId: string, query: PageQuery & { status?: TicketStatus[] | undefined }) =>
        listCustomerTickets(deps, customerId, query),
      get: (customerId: string, ticketId: string) => getCustomerTicket(deps, customerId, ticketId),
      reply: (actor: CustomerActor, ticketId: string, reply: CustomerReply, files: Upload[]) =>
        replyAsCustomer(deps, actor, ticketId, reply, files),
      close: (actor: CustomerActor, ticketId: string) =>
        changeStatusAsCustomer(deps, actor, ticketId, { kind: 'customer_close' }),
      reopen: (actor: CustomerActor, ticketId: string) =>
        changeStatusAsCustomer(deps, actor, ticketId, { kind: 'customer_reopen' }),
      rate: (
        actor: CustomerActor,
        ticketId: string,
        input: { score: number; comment?: string | undefined },
      ) => rateTicket(deps, actor, ticketId, input),
      askBillingQuestion: (actor: CustomerActor, invoiceId: string, input: BillingQuestion) =>
        askBillingQuestion(deps, actor, invoiceId, input),
      attachment: (customerId: string, ticketId: string, attachmentId: string, thumbnail: boolean) =>
        readAttachment(deps, customerScope(customerId), ticketId, attachmentId, thumbnail),
    },
    staff: {
      queue: (query: QueueQuery) => listQueue(deps, query),
      get: (staff: StaffActor, ticketId: string) => getStaffTicket(deps, ticketId, staff),
      viewing: async (staff: StaffActor, ticketId: string) =>
        recordViewer(deps, (await loadTicket(deps, { kind: 'all' }, ticketId)).id, staff),
      reply: (staff: StaffActor, ticketId: string, reply: StaffReply, files: Upload[]) =>
        replyAsStaff(deps, staff, ticketId, reply, files),
      update: (staff: StaffActor, ticketId: string, changes: TicketChanges) =>
        updateTicketAsStaff(deps, staff, ticketId, changes),
      merge: (staff: StaffActor, sourceId: string, targetId: string) =>
        mergeTickets(deps, staff, sourceId, targetId),
      context: (ticketId: string) => getTicketContext(deps, ticketId),
      attachment: (ticketId: string, attachmentId: string, thumbnail: boolean) =>
        readAttachment(deps, { kind: 'all' }, ticketId, attachmentId, thumbnail),
    },
    receiveEmail: receive,
    sweep: () => sweepTickets(deps),
    /** Starts the inbound SMTP listener when IMHOST_SUPPORT_INBOUND_SMTP_PORT is set; returns its address. */
    async startInbound(): Promise<AddressInfo | null> {
      if (config.supportInboundSmtpPort === undefined || inbound) return inboundAddress;
      inbound = createInboundListener(deps, receive);
      inboundAddress = await inbound.listen(config.supportInboundSmtpPort, config.bind);
      return inboundAddress;
    },
    /** Where the inbound listener listens (null while it is off). */
    inboundAddress: () => inboundAddress,
    async close() {
      await inbound?.close();
      inbound = undefined;
      inboundAddress = null;
    },
  };
}

export type Support = ReturnType<typeof createSupport>;
