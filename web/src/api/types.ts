/** The shapes the dashboard reads from /api/v1. */

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Me {
  user: {
    id: string;
    email: string;
    name: string;
    kind: 'staff' | 'customer';
    staffRole: 'admin' | 'support' | 'billing' | null;
    emailVerified: boolean;
    twoFactorEnabled: boolean;
  };
  customer: { id: string; name: string; role: string } | null;
  csrfToken?: string;
}

export type HostStatus = 'active' | 'suspended' | 'terminated';

export interface Host {
  id: string;
  customerId: string;
  /** The A-label (ASCII) form the server uses. */
  domain: string;
  /** The Unicode form for people. */
  displayDomain: string;
  status: HostStatus;
  statusReason: string | null;
  createdAt: string;
  /** Only in staff listings. */
  customerName?: string;
}

/**
 * GET /hosts/{id}: the host with its plan's limits (null: no plan), member count, the upload quota
 * in force (the plan's, or the default for a host without one) and upload bytes in use against it
 * (null: not known).
 */
export interface HostDetail extends Host {
  entitlements: {
    maxMembers: number;
    uploadQuotaMb: number;
    archiveRetentionDays: number;
    customDomain: boolean;
  } | null;
  memberCount: number;
  uploadQuotaMb: number;
  uploadStorageBytes: number | null;
}

export interface Member {
  id: string;
  username: string;
  jid: string;
  displayName: string | null;
  status: 'active' | 'disabled';
  createdAt: string;
  lastLoginAt: string | null;
  lastActivityAt: string | null;
}

export interface ApiToken {
  id: string;
  name: string;
  /** The first characters of the token, to tell tokens apart. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface CreatedToken {
  id: string;
  name: string;
  token: string;
  createdAt: string;
}

export interface TwoFactorSetup {
  secret: string;
  otpauthUrl: string;
  qrSvg: string;
}

export interface Customer {
  id: string;
  name: string;
  status: 'active' | 'closed';
  ownerEmail: string | null;
  createdAt: string;
}

export interface OutboxMessage {
  id: string;
  createdAt: string;
  recipients: string[];
  subject: string;
  text: string;
  status: 'stored' | 'queued' | 'sent' | 'failed';
  lastError: string | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorType: 'staff' | 'customer' | 'system' | 'cli' | 'anonymous';
  actorId: string | null;
  /** Set when the actor is a user who still exists. */
  actorEmail: string | null;
  customerId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

export type TeamRole = 'owner' | 'admin' | 'billing';

export interface TeamMember {
  userId: string;
  email: string;
  name: string;
  role: TeamRole;
  joinedAt: string;
  lastLoginAt: string | null;
  twoFactorEnabled: boolean;
}

export interface Invitation {
  id: string;
  email: string;
  role: Exclude<TeamRole, 'owner'>;
  createdAt: string;
  expiresAt: string;
  invitedByEmail: string | null;
}

export interface InvitationPreview {
  organization: string;
  email: string;
  role: Exclude<TeamRole, 'owner'>;
  accountExists: boolean;
}

export interface SessionInfo {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

export interface ServerInfo {
  version: string;
  c2sPort: number;
  c2sTlsPort: number;
  websocketPath: string;
  publicUrl: string;
  /** Hosts on a plan without a custom domain are `<label>.<hostedDomain>`; null: any domain. */
  hostedDomain: string | null;
}

// ---- Support desk ----

export type TicketStatus =
  | 'open'
  | 'in_progress'
  | 'waiting_on_customer'
  | 'customer_reply'
  | 'on_hold'
  | 'resolved'
  | 'closed'
  | 'merged';

export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';

export interface SupportDepartment {
  id: string;
  name: string;
  isActive: boolean;
}

export interface SupportFormSettings {
  minDescriptionLength: number;
  maxFileBytes: number;
  maxTicketBytes: number;
  maxFilesPerMessage: number;
  acceptedTypes: string[];
}

export interface TicketAttachment {
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

export interface TicketMessage {
  id: string;
  authorKind: 'customer' | 'staff' | 'system';
  authorName: string;
  isInternal: boolean;
  body: string;
  /** Rendered by the server with raw HTML escaped; the dashboard still keeps only known-safe markup. */
  bodyHtml: string;
  /** Secrets already redacted by the server. */
  logText: string | null;
  source: 'web' | 'email' | 'system';
  createdAt: string;
  attachments: TicketAttachment[];
}

export interface Ticket {
  id: string;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  department: SupportDepartment;
  hostId: string | null;
  invoiceId: string | null;
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

export interface SlaTimer {
  dueAt: string | null;
  state: 'ok' | 'warning' | 'breached' | 'met' | 'paused';
  minutesLeft: number | null;
}

export interface StaffTicket extends Ticket {
  customerId: string;
  customerName: string;
  assigneeId: string | null;
  firstRespondedAt: string | null;
  sla: { firstResponse: SlaTimer; resolution: SlaTimer };
}

export interface TicketViewer {
  userId: string;
  name: string;
  seenAt: string;
}

export interface TicketDetail<T extends Ticket = Ticket> {
  ticket: T;
  messages: TicketMessage[];
}

export interface StaffTicketDetail extends TicketDetail<StaffTicket> {
  otherViewers: TicketViewer[];
}

export interface SupportInvoice {
  id: string;
  number: string | null;
  status: string;
  totalMinor: number | null;
  currency: string | null;
  issuedAt: string | null;
  timeZone: string;
}

export interface TicketContext {
  customer: { id: string; name: string; requesterName: string; requesterEmail: string };
  hosts: { id: string; domain: string; displayDomain: string; status: string; createdAt: string }[];
  otherTickets: Ticket[];
  billingAvailable: boolean;
  subscriptions: {
    id: string;
    hostId: string;
    planName: string;
    status: string;
    cycle: string;
    seats: number;
    currentPeriodEnd: string | null;
    timeZone: string;
  }[];
  recentInvoices: SupportInvoice[];
  linkedInvoice: SupportInvoice | null;
}

export interface CannedResponse {
  id: string;
  title: string;
  body: string;
  departmentId: string | null;
  updatedAt: string;
}

export interface StaffUser {
  id: string;
  email: string;
  name: string;
}

export interface SlaTarget {
  priority: TicketPriority;
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

/* Billing. Every amount is an integer of minor units of the currency next to it. */

export type BillingCycle = 'monthly' | 'quarterly' | 'annual';

export interface MeteredPrice {
  metric: 'active_members' | 'messages' | 'storage_gb';
  model: 'per_unit' | 'graduated' | 'volume';
  tiers: { upTo: number | null; unitAmount: string; flatAmount?: number }[];
}

export interface Price {
  id: string;
  planId: string;
  cycle: BillingCycle;
  currency: string;
  version: number;
  amount: number;
  seatAmount: number;
  includedSeats: number;
  setupFee: number;
  metered: MeteredPrice[];
  isCurrent: boolean;
}

export interface Plan {
  id: string;
  code: string;
  name: string;
  description: string;
  rank: number;
  trialDays: number;
  isActive: boolean;
  entitlements: {
    maxMembers: number;
    uploadQuotaMb: number;
    archiveRetentionDays: number;
    customDomain: boolean;
  };
  prices: Price[];
}

export interface Coupon {
  id: string;
  code: string;
  kind: 'percent' | 'amount';
  percentOff: string | null;
  amountOff: number | null;
  currency: string | null;
  durationCycles: number | null;
  isActive: boolean;
  createdAt: string;
}

export interface BillingCycleEntry {
  periodStart: string;
  periodEnd: string;
  issueAt: string;
  dueAt: string;
  planId: string;
  priceId: string;
  cycle: BillingCycle;
  currency: string;
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
}

export type SubscriptionStatus =
  'incomplete' | 'trial' | 'active' | 'past_due' | 'suspended' | 'cancelled' | 'terminated';

export interface Subscription {
  id: string;
  customerId: string;
  hostId: string;
  planId: string;
  planName: string;
  priceId: string;
  cycle: BillingCycle;
  currency: string;
  seats: number;
  status: SubscriptionStatus;
  anchorDate: string;
  timeZone: string;
  trialEndsAt: string | null;
  currentPeriodStart: string | null;
  currentPeriodEnd: string | null;
  cancelAt: string | null;
  scheduledPriceId: string | null;
  pendingPriceId: string | null;
  pendingFrom: string | null;
  endedAt: string | null;
  createdAt: string;
  next: BillingCycleEntry | null;
  timeline: BillingCycleEntry[];
}

export interface InvoiceLine {
  kind: string;
  description: string;
  quantity: number;
  amount: number;
  discount: number;
  tax: number;
  periodStart: string | null;
  periodEnd: string | null;
}

export interface InvoiceSummary {
  id: string;
  number: string | null;
  customerId: string;
  subscriptionId: string | null;
  hostId: string | null;
  kind: 'initial' | 'renewal' | 'proration' | 'manual';
  status: 'draft' | 'open' | 'paid' | 'void';
  currency: string;
  subtotal: number;
  discount: number;
  tax: number;
  taxPercent: string;
  isTaxInclusive: boolean;
  taxNote: string | null;
  total: number;
  creditApplied: number;
  amountPaid: number;
  amountDue: number;
  periodStart: string | null;
  periodEnd: string | null;
  issuedAt: string | null;
  dueAt: string;
  paidAt: string | null;
  voidedAt: string | null;
  nextChargeAt: string | null;
  chargeAttempts: number;
  /** The billing time zone the invoice was issued in: its dates are calendar days there. */
  timeZone: string;
}

export interface Invoice extends InvoiceSummary {
  lines: InvoiceLine[];
}

export interface Quote {
  currency: string;
  lines: InvoiceLine[];
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
  taxPercent: string;
  isTaxInclusive: boolean;
  taxNote: string | null;
}

export interface PlanChange {
  subscriptionId: string;
  effective: 'now' | 'period_end';
  effectiveAt: string;
  fromPriceId: string;
  toPriceId: string;
  seats: number;
  quote: Quote | null;
  invoiceId: string | null;
  isPreview: boolean;
}

export interface CancelResult {
  subscriptionId: string;
  endsAt: string;
  creditInvoiceId: string | null;
}

export interface PaymentMethod {
  id: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  isDefault: boolean;
  createdAt: string;
}

/** How cards are entered: our own form (sandbox), or Stripe.js with the publishable key. */
export type CardCollection = { gateway: 'sandbox' } | { gateway: 'stripe'; publishableKey: string };

/** POST /payment-methods/setup: for Stripe, the SetupIntent that Stripe.js confirms. */
export type CardSetup =
  | { gateway: 'sandbox' }
  | { gateway: 'stripe'; publishableKey: string; clientSecret: string; setupIntentId: string };

export interface Payment {
  id: string;
  customerId: string;
  invoiceId: string;
  gateway: string;
  currency: string;
  amount: number;
  status: 'pending' | 'succeeded' | 'failed' | 'unknown' | 'refunded';
  failureCode: string | null;
  failureMessage: string | null;
  refundedAmount: number;
  createdAt: string;
  /** The customer's billing time zone, in which the payment's date is read. */
  timeZone: string;
}

export interface Usage {
  subscriptionId: string;
  periodStart: string;
  periodEnd: string;
  currency: string;
  metrics: { metric: MeteredPrice['metric']; quantity: number; amount: number }[];
  total: number;
}

export interface BillingProfile {
  customerId: string;
  email: string | null;
  timeZone: string;
  country: string | null;
  vatId: string | null;
  legalName: string | null;
  address: string | null;
}

export interface CreditNote {
  id: string;
  number: string;
  invoiceId: string;
  currency: string;
  amount: number;
  reason: string;
  createdAt: string;
}

export interface LedgerEntry {
  id: string;
  transactionId: string;
  account: 'receivable' | 'revenue' | 'tax_payable' | 'cash' | 'customer_credit';
  currency: string;
  amount: number;
  invoiceId: string | null;
  paymentId: string | null;
  memo: string;
  createdAt: string;
}

export interface CustomerBilling {
  profile: BillingProfile;
  subscriptions: Subscription[];
  paymentMethods: PaymentMethod[];
  creditNotes: CreditNote[];
  ledger: LedgerEntry[];
}

export interface Revenue {
  mrr: { currency: string; amount: number }[];
  churn: { ended: number; liveAtStart: number; rate: number };
  revenueByMonth: { month: string; currency: string; amount: number }[];
}
