/**
 * Names for what the dashboard reads, each taken from the generated API document (never restated):
 * a page that shows an invoice says `Invoice`, which is whatever GET /invoices/{id} answers.
 */
import type { ClientPathsWithMethod, MethodResponse } from 'openapi-fetch';
import type { api, Schemas } from './client';
import type { paths } from './generated/schema';

type Api = typeof api;
/** What GET on a path answers. */
export type GetData<P extends ClientPathsWithMethod<Api, 'get'>> = MethodResponse<Api, 'get', P>;
/** What POST on a path answers. */
export type PostData<P extends ClientPathsWithMethod<Api, 'post'>> = MethodResponse<Api, 'post', P>;
/** One item of what GET on a list path answers. */
type ItemOf<P extends ClientPathsWithMethod<Api, 'get'>> =
  GetData<P> extends { items: (infer T)[] } ? T : GetData<P> extends (infer T)[] ? T : never;

export type AuditAction = Schemas['AuditAction'];

// Accounts and teams
export type Me = GetData<'/api/v1/me'>;
export type ApiToken = ItemOf<'/api/v1/tokens'>;
export type CreatedToken = PostData<'/api/v1/tokens'>;
export type TwoFactorSetup = PostData<'/api/v1/me/2fa/setup'>;
export type SessionInfo = ItemOf<'/api/v1/me/sessions'>;
export type TeamMember = ItemOf<'/api/v1/team/members'>;
export type TeamRole = TeamMember['role'];
export type Invitation = ItemOf<'/api/v1/team/invitations'>;
export type InvitationPreview = PostData<'/api/v1/invitations/lookup'>;

// Hosts and members
export type Host = ItemOf<'/api/v1/hosts'>;
export type HostStatus = Host['status'];
export type AdminHost = ItemOf<'/api/v1/admin/hosts'>;
export type HostDetail = GetData<'/api/v1/hosts/{id}'>;
export type Member = ItemOf<'/api/v1/hosts/{id}/members'>;
export type ChatRoom = GetData<'/api/v1/hosts/{id}/rooms'>['items'][number];
export type ServerInfo = GetData<'/api/v1/server-info'>;

// Operations
export type Customer = ItemOf<'/api/v1/admin/customers'>;
export type OutboxMessage = ItemOf<'/api/v1/admin/outbox'>;
export type AuditEntry = ItemOf<'/api/v1/audit'>;
export type StaffUser = ItemOf<'/api/v1/admin/staff'>;

// Support desk
export type Ticket = ItemOf<'/api/v1/tickets'>;
export type TicketStatus = Ticket['status'];
export type TicketPriority = Ticket['priority'];
export type TicketDetail = GetData<'/api/v1/tickets/{id}'>;
export type TicketMessage = TicketDetail['messages'][number];
export type TicketAttachment = TicketMessage['attachments'][number];
export type StaffTicket = ItemOf<'/api/v1/admin/tickets'>;
export type SlaTimer = StaffTicket['sla']['firstResponse'];
export type StaffTicketDetail = GetData<'/api/v1/admin/tickets/{id}'>;
export type TicketViewer = StaffTicketDetail['otherViewers'][number];
export type TicketContext = GetData<'/api/v1/admin/tickets/{id}/context'>;
export type SupportInvoice = TicketContext['recentInvoices'][number];
export type SupportDepartment = ItemOf<'/api/v1/support/departments'>;
export type SupportFormSettings = GetData<'/api/v1/support/form-settings'>;
export type CannedResponse = ItemOf<'/api/v1/admin/support/canned-responses'>;
/** What an agent may change on a ticket: status, priority, department, assignee. */
export type TicketChanges =
  paths['/api/v1/admin/tickets/{id}']['patch']['requestBody']['content']['application/json'];
/** The statuses an agent may leave a ticket in with a reply. */
export type StaffSettableStatus = NonNullable<
  paths['/api/v1/admin/tickets/{id}/replies']['post']['requestBody']['content']['multipart/form-data']['status']
>;
export type SlaTarget = ItemOf<'/api/v1/admin/support/sla-targets'>;

// Billing: every amount is an integer of minor units of the currency next to it.
export type Plan = ItemOf<'/api/v1/plans'>;
export type Price = Plan['prices'][number];
export type BillingCycle = Price['cycle'];
export type MeteredPrice = Price['metered'][number];
export type Coupon = ItemOf<'/api/v1/admin/billing/coupons'>;
export type Subscription = GetData<'/api/v1/subscriptions/{id}'>;
export type SubscriptionStatus = Subscription['status'];
export type BillingCycleEntry = Subscription['timeline'][number];
export type InvoiceSummary = ItemOf<'/api/v1/invoices'>;
export type Invoice = GetData<'/api/v1/invoices/{id}'>;
export type InvoiceLine = Invoice['lines'][number];
export type PlanChange = PostData<'/api/v1/subscriptions/{id}/change-plan'>;
export type Quote = NonNullable<PlanChange['quote']>;
export type CancelResult = PostData<'/api/v1/subscriptions/{id}/cancel'>;
export type PaymentMethod = ItemOf<'/api/v1/payment-methods'>;
export type CardCollection = GetData<'/api/v1/payment-methods/setup'>;
export type CardSetup = PostData<'/api/v1/payment-methods/setup'>;
export type Payment = ItemOf<'/api/v1/payments'>;
export type Usage = GetData<'/api/v1/subscriptions/{id}/usage'>;
export type BillingProfile = GetData<'/api/v1/billing/profile'>;
export type CustomerBilling = GetData<'/api/v1/admin/billing/customers/{customerId}'>;
export type CreditNote = CustomerBilling['creditNotes'][number];
export type LedgerEntry = CustomerBilling['ledger'][number];
export type Revenue = GetData<'/api/v1/admin/billing/revenue'>;

// Domains and certificates
export type HostDomain = GetData<'/api/v1/hosts/{id}/domain'>;
export type DomainRecord = HostDomain['dns'][number];
export type DiagnosticReport = PostData<'/api/v1/hosts/{id}/diagnostics'>;
export type DiagnosticStep = DiagnosticReport['steps'][number];
export type DomainOverviewRow = ItemOf<'/api/v1/admin/domains'>;
export type StaffRegistration = ItemOf<'/api/v1/admin/domains/registrations'>;
export type RegistrarTask = ItemOf<'/api/v1/admin/domains/registrar-tasks'>;
export type TldPrice = ItemOf<'/api/v1/admin/billing/tld-prices'>;
export type HostAudit = GetData<'/api/v1/hosts/{id}/audit'>;
export type AuditCheck = NonNullable<HostAudit['latest']>['checks'][number];
export type AuditStatus = AuditCheck['status'];
export type AuditReport = GetData<'/api/v1/admin/audits'>;
export type AuditReportRow = AuditReport['hosts'][number];
