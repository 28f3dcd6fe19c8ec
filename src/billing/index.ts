/**
 * Billing: the catalog, subscriptions (one per IM host), invoices, the ledger, payments through a
 * gateway port, renewals and dunning. This file is the area's public surface.
 */
import type { Clock } from '../lib/clock.js';
import { AppError } from '../lib/errors.js';
import {
  monotonicIdSource,
  scopedDb,
  toPage,
  type BillingTables,
  type DatabaseHandle,
  type InvoiceStatus,
  type LedgerAccount,
  type Page,
  type PageQuery,
  type Platform,
  type SubscriptionStatus,
  type PlatformConfig,
} from '../platform/index.js';
import type { HostEntitlements, Tenancy } from '../tenancy/index.js';
import type { BillingDeps } from './billing-deps.js';
import { defineBillingJobs, runBillingTick, type TickSummary } from './billing-jobs.js';
import { cancelSubscription, type CancelResult } from './cancel-subscription.js';
import { changeSubscription, type ChangeRequest } from './change-subscription.js';
import { describeSubscription, type SubscriptionView } from './describe-subscription.js';
import { createSandboxGateway } from './gateway/sandbox-gateway.js';
import type { CardCollection, CardSetup, PaymentGateway } from './gateway/payment-gateway.js';
import { partiesOf } from './invoice-facts.js';
import { issueCreditNote, toCreditNoteView, type CreditNoteView } from './issue-credit-note.js';
import {
  findInvoice,
  listAllInvoices,
  listCreditNotes,
  listInvoiceLines,
  listInvoices,
} from './invoices.repository.js';
import { accountBalance, ledgerTotals, listLedgerEntries } from './ledger.repository.js';
import { createCoupon, listAllCoupons, setCouponStatus, type CouponInput } from './manage-coupons.js';
import { changePlan, createPlan, getPlan, listCatalog, type PlanInput } from './manage-plans.js';
import { addPrice, migratePrice, type PriceInput } from './manage-prices.js';
import { payInvoice } from './pay-invoice.js';
import {
  addPaymentMethod,
  listMethods,
  makeDefaultPaymentMethod,
  prepareCardSetup,
  removePaymentMethod,
  type NewPaymentMethod,
  type PaymentMethodView,
} from './payment-methods.js';
import { listAllPayments, listCustomerPayments } from './payments.repository.js';
import { loadProfile, updateProfile, type BillingProfile, type ProfileChanges } from './profiles.js';
import { recordOfflinePayment } from './record-offline-payment.js';
import { refundPayment } from './refund-payment.js';
import { renderInvoicePdf } from './render-invoice-pdf.js';
import { resolveSettings, type BillingSettings } from './settings.js';
import { startSubscription, type StartSubscriptionInput } from './start-subscription.js';
import {
  findSubscription,
  listAllSubscriptions,
  listCustomerSubscriptions,
} from './subscriptions.repository.js';
import { recordUsage, recordUsageBatch, type UsageBatch, type UsageInput } from './record-usage.js';
import { receiveStripeWebhook } from './receive-gateway-webhook.js';
import { usageSoFar, type UsageSoFar } from './usage-so-far.js';
import { entitlementsOf } from './sync-host-entitlements.js';
import { voidInvoice } from './void-invoice.js';
import { createManualInvoice, type ManualInvoiceInput } from './create-manual-invoice.js';
import { finalizeDraft } from './finalize-draft-invoice.js';
import {
  toInvoiceView,
  toLedgerEntryView,
  toPaymentView,
  type ChangeResult,
  type CouponView,
  type InvoiceView,
  type InvoiceWithLinesView,
  type LedgerEntryView,
  type PaymentView,
  type PlanView,
  type PriceView,
  type TldPriceView,
} from './views.js';
import { revenueReport, type RevenueReport } from './revenue-report.js';
import { listTldPrices, normalizeTld, removeTldPrice, setTldPrice } from './manage-tld-prices.js';
import {
  invoiceDomainRenewal,
  priceFor as domainRenewalPrice,
  type DomainRenewalInvoice,
  type DomainRenewalInvoiceInput,
} from './invoice-domain-renewal.js';
import { refundDomainRenewal } from './refund-domain-renewal.js';

export type { BillingSettings } from './settings.js';
export type {
  PaymentGateway,
  CardInput,
  ChargeRequest,
  ChargeResult,
  StoredCard,
  CardCollection,
  CardSetup,
  CardReference,
} from './gateway/payment-gateway.js';
export type { StartSubscriptionInput } from './start-subscription.js';
export type { ChangeRequest } from './change-subscription.js';
export type { CancelResult } from './cancel-subscription.js';
export type { SubscriptionView, TimelineEntry } from './describe-subscription.js';
export type {
  ChangeResult,
  CouponView,
  InvoiceView,
  LedgerEntryView,
  PaymentView,
  PlanView,
  PriceView,
  QuoteView,
  TldPriceView,
} from './views.js';
export type { DomainRenewalInvoiceInput } from './invoice-domain-renewal.js';
/** The view schemas, which the API serves as its response schemas. */
export * as billingViews from './views.js';
export { billingConfig, type BillingConfig } from './billing-options.js';
export type { NewPaymentMethod, PaymentMethodView } from './payment-methods.js';
export type { CreditNoteView } from './issue-credit-note.js';
export type { BillingProfile, ProfileChanges } from './profiles.js';
export type { PlanInput } from './manage-plans.js';
export type { PriceInput } from './manage-prices.js';
export type { CouponInput } from './manage-coupons.js';
export type { ManualInvoiceInput } from './create-manual-invoice.js';
export type { TickSummary } from './billing-jobs.js';
export type { RevenueReport } from './revenue-report.js';
export type { UsageMetric } from './metered.js';
export type { UsageSoFar } from './usage-so-far.js';
export type { UsageBatch, UsageReport } from './record-usage.js';
export { USAGE_METRICS } from './metered.js';
export { CYCLES, type Cycle } from './math/periods.js';
export { SUPPORTED_CURRENCIES } from './math/money.js';
export { defaultBillingSettings } from './settings.js';
export { billingMailTemplates } from './billing-mail-templates.js';
export { createSandboxGateway } from './gateway/sandbox-gateway.js';
export {
  createStripeGateway,
  stripeGatewayOptions,
  STRIPE_API_VERSION,
  type StripeGatewayOptions,
} from './gateway/stripe-gateway.js';

/**
 * What the rest of the product may ask of billing. Every call that reads or changes a customer's
 * billing takes its `customerId`; another customer's object is not found, exactly like a missing one.
 */
export interface Billing {
  /** The provider's billing policy in force (defaults with the configured overrides). */
  settings: BillingSettings;
  /** The payment gateway the configuration selected (the embedded sandbox or Stripe). */
  gateway: PaymentGateway;

  /** Plans, their versioned prices, and coupons: staff edit them, customers see active plans. */
  catalog: {
    listPublic(): Promise<PlanView[]>;
    listAll(): Promise<PlanView[]>;
    /** Throws plan_not_found. */
    get(planId: string): Promise<PlanView>;
    create(input: PlanInput): Promise<PlanView>;
    update(planId: string, input: Partial<PlanInput> & { isActive?: boolean | undefined }): Promise<PlanView>;
    /** A new price version for new subscriptions; existing ones keep theirs until migrated. */
    addPrice(planId: string, input: PriceInput): Promise<PriceView>;
    /** Moves live subscriptions off an old price version; returns how many moved. */
    migratePrice(priceId: string): Promise<number>;
    listCoupons(): Promise<CouponView[]>;
    createCoupon(input: CouponInput): Promise<CouponView>;
    setCouponActive(couponId: string, isActive: boolean): Promise<void>;
    /** Renewal prices of domains per TLD and currency, for a year. */
    listTldPrices(): Promise<TldPriceView[]>;
    /** The prices of one TLD (`com`, `.co.uk`), one per currency. */
    tldPrices(tld: string): Promise<TldPriceView[]>;
    setTldPrice(input: { tld: string; currency: string; amount: number }): Promise<TldPriceView>;
    /** Throws tld_price_not_found. */
    removeTldPrice(tld: string, currency: string): Promise<void>;
  };

  /** Billing's side of a domain's auto-renewal (the workflow pairs it with the registrar's). */
  domainRenewals: {
    /** A year's renewal of this domain for this customer (in their currency where priced), or null. */
    price(customerId: string, domain: string): Promise<{ amount: number; currency: string } | null>;
    /** Invoices the renewal at the TLD's price and charges it at once; once per obligation key. */
    invoice(
      input: DomainRenewalInvoiceInput,
    ): Promise<
      { kind: 'invoiced'; invoice: InvoiceView } | Extract<DomainRenewalInvoice, { kind: 'no_price' }>
    >;
    /** Gives back what a refused renewal was paid (refund to the card, credit note for the rest). */
    refund(
      customerId: string,
      invoiceId: string,
      reason: string,
    ): Promise<{ creditNoteNumber: string | null }>;
  };

  /**
   * Starts an IM host's subscription (one per host). With `payFirstInvoiceNow`, a failed first
   * charge ends it again before the error is thrown, so the caller can undo the host too.
   */
  startSubscription(input: StartSubscriptionInput): Promise<SubscriptionView>;

  subscriptions: {
    list(customerId: string): Promise<SubscriptionView[]>;
    get(customerId: string, id: string): Promise<SubscriptionView>;
    /** A plan, cycle or seat change, or its preview (a quote, nothing written). */
    change(customerId: string, id: string, request: ChangeRequest): Promise<ChangeResult>;
    cancel(customerId: string, id: string, opts: { atPeriodEnd: boolean }): Promise<CancelResult>;
    /** Pay-as-you-go usage so far this period, rated as the invoice will rate it. */
    usage(customerId: string, id: string): Promise<UsageSoFar>;
    /** The plan entitlements in force for a host, for the IM server's limits. */
    entitlementsForHost(customerId: string, hostId: string): Promise<HostEntitlements | null>;
    /** Staff: every customer's subscriptions, newest first. */
    listAll(query: PageQuery & { status?: SubscriptionStatus | undefined }): Promise<Page<SubscriptionView>>;
  };

  invoices: {
    /** Drafts only when asked for (staff); customers never see them. */
    list(
      customerId: string,
      query: PageQuery & { subscriptionId?: string | undefined; withDrafts?: boolean | undefined },
    ): Promise<Page<InvoiceView>>;
    /** With its lines; a draft is invoice_not_found unless `withDrafts`. */
    get(
      customerId: string,
      id: string,
      options?: { withDrafts?: boolean | undefined },
    ): Promise<InvoiceWithLines>;
    /** Staff: a one-off invoice as a draft, then finalised when checked. */
    createManual(customerId: string, input: ManualInvoiceInput): Promise<InvoiceWithLines>;
    finalize(customerId: string, id: string): Promise<InvoiceView>;
    pdf(customerId: string, id: string): Promise<{ number: string | null; pdf: Buffer }>;
    /** Charges the open invoice to the default card now. */
    pay(customerId: string, id: string): Promise<InvoiceView>;
    void(customerId: string, id: string): Promise<InvoiceView>;
    creditNote(
      customerId: string,
      id: string,
      input: { amount: number; reason: string },
    ): Promise<CreditNoteView>;
    creditNotes(customerId: string, invoiceId?: string): Promise<CreditNoteView[]>;
    /** Records a payment received outside the gateway (a bank transfer). */
    markPaid(customerId: string, id: string, input: { reference: string }): Promise<InvoiceView>;
    /** Staff: every customer's invoices, optionally by status, overdue at an instant, or one customer. */
    listAll(
      query: PageQuery & {
        status?: InvoiceStatus | undefined;
        overdueAt?: string | undefined;
        customerId?: string | undefined;
      },
    ): Promise<Page<InvoiceView>>;
  };

  payments: {
    list(customerId: string, query: PageQuery): Promise<Page<PaymentView>>;
    listAll(query: PageQuery & { customerId?: string | undefined }): Promise<Page<PaymentView>>;
    /** Refunds through the gateway and issues the matching credit note. */
    refund(
      customerId: string,
      paymentId: string,
      input: { amount: number; reason: string },
    ): Promise<CreditNoteView>;
  };

  paymentMethods: {
    list(customerId: string): Promise<PaymentMethodView[]>;
    /** How the dashboard collects a card; `prepareSetup` then starts one (a SetupIntent with Stripe). */
    collection(): CardCollection;
    prepareSetup(customerId: string): Promise<CardSetup>;
    add(customerId: string, card: NewPaymentMethod): Promise<PaymentMethodView>;
    remove(customerId: string, id: string): Promise<void>;
    makeDefault(customerId: string, id: string): Promise<PaymentMethodView>;
  };

  /** Who invoices are addressed to, the tax facts, and the billing time zone. */
  profile: {
    get(customerId: string): Promise<BillingProfile>;
    update(customerId: string, changes: ProfileChanges): Promise<BillingProfile>;
  };

  ledger: {
    entries(customerId: string): Promise<LedgerEntryView[]>;
    /** Account credit the customer holds in a currency (positive: we owe them). */
    creditBalance(customerId: string, currency: string): Promise<number>;
    /** What the customer owes in a currency. */
    receivable(customerId: string, currency: string): Promise<number>;
    /** Staff: the balance of every account and currency, for reconciling the books. */
    totals(): Promise<{ account: LedgerAccount; currency: string; total: number }[]>;
  };

  /** Usage, bucketed per host and hour. */
  recordUsage(input: UsageInput): Promise<void>;
  /** The IM server's usage, a batch per flush; each batch key counts once, however often delivered. */
  recordUsageBatch(batch: UsageBatch): Promise<boolean>;

  revenue(): Promise<RevenueReport>;

  /** POST /billing/webhooks/stripe: signature checked, stored, deduplicated, processed. */
  receiveStripeWebhook(rawBody: Buffer, signature: string): Promise<{ isDuplicate: boolean }>;

  /** The periodic sweep, for tests, the CLI and staff moving the simulated clock. */
  runTick(): Promise<TickSummary>;
}

/** An invoice with its lines, as one invoice is shown. */
export type InvoiceWithLines = InvoiceWithLinesView;

export interface BillingOptions {
  config: Pick<PlatformConfig, 'publicUrl'>;
  clock: Clock;
  database: Pick<DatabaseHandle, 'db'>;
  platform: Pick<Platform, 'mailer' | 'jobs' | 'logger'>;
  tenancy: Pick<Tenancy, 'hosts'>;
  /** Accepted for symmetry with the other areas; billing keeps its own billing profile per customer. */
  accounts?: unknown;
  settings?: Partial<BillingSettings>;
  /** Defaults to the embedded sandbox gateway; compose passes the one the configuration selects. */
  gateway?: PaymentGateway;
  /** Tests only: see BillingDeps.afterGatewayCharge. */
  afterGatewayCharge?: (idempotencyKey: string) => void;
}

export function createBilling(options: BillingOptions): Billing {
  const db = scopedDb<BillingTables>(options.database.db);
  const deps: BillingDeps = {
    db,
    clock: options.clock,
    newId: monotonicIdSource(options.clock),
    settings: resolveSettings(options.settings),
    gateway: options.gateway ?? createSandboxGateway({ db, clock: options.clock }),
    mailer: options.platform.mailer,
    jobs: options.platform.jobs,
    tenancy: options.tenancy,
    logger: options.platform.logger.child({ area: 'billing' }),
    publicUrl: options.config.publicUrl,
    afterGatewayCharge: options.afterGatewayCharge,
  };
  defineBillingJobs(deps);

  async function subscriptionRow(customerId: string, id: string) {
    const row = await findSubscription(db, customerId, id);
    if (!row) throw new AppError('subscription_not_found');
    return row;
  }
  /** Customers never see drafts; staff do. */
  async function invoiceWithLines(customerId: string, id: string, options: { withDrafts?: boolean } = {}) {
    const row = await findInvoice(db, customerId, id);
    if (!row || (row.status === 'draft' && !options.withDrafts)) throw new AppError('invoice_not_found');
    return toInvoiceView(row, await listInvoiceLines(db, customerId, id));
  }
  const describe = async (customerId: string, id: string) =>
    describeSubscription(db, deps, await subscriptionRow(customerId, id));

  return {
    settings: deps.settings,
    gateway: deps.gateway,

    catalog: {
      listPublic: () => listCatalog(deps, { activeOnly: true }),
      listAll: () => listCatalog(deps, { activeOnly: false }),
      get: (planId) => getPlan(deps, planId),
      create: (input) => createPlan(deps, input),
      update: (planId, input) => changePlan(deps, planId, input),
      addPrice: (planId, input) => addPrice(deps, planId, input),
      migratePrice: (priceId) => migratePrice(deps, priceId),
      listCoupons: () => listAllCoupons(deps),
      createCoupon: (input) => createCoupon(deps, input),
      setCouponActive: (couponId, isActive) => setCouponStatus(deps, couponId, isActive),
      listTldPrices: () => listTldPrices(deps),
      tldPrices: async (tld) => (await listTldPrices(deps)).filter((p) => p.tld === normalizeTld(tld)),
      setTldPrice: (input) => setTldPrice(deps, input),
      removeTldPrice: (tld, currency) => removeTldPrice(deps, tld, currency),
    },

    domainRenewals: {
      price: async (customerId, domain) => {
        const price = await domainRenewalPrice(deps, customerId, domain.slice(domain.indexOf('.') + 1));
        return price ? { amount: price.amount, currency: price.currency } : null;
      },
      invoice: async (input) => {
        const result = await invoiceDomainRenewal(deps, input);
        return result.kind === 'invoiced'
          ? { kind: 'invoiced', invoice: toInvoiceView(result.invoice) }
          : result;
      },
      refund: (customerId, invoiceId, reason) => refundDomainRenewal(deps, customerId, invoiceId, reason),
    },

    startSubscription: async (input) => {
      const row = await startSubscription(deps, input);
      return describe(input.customerId, row.id);
    },

    subscriptions: {
      list: async (customerId) =>
        Promise.all(
          (await listCustomerSubscriptions(db, customerId)).map((row) => describeSubscription(db, deps, row)),
        ),
      get: describe,
      change: (customerId, id, request) => changeSubscription(deps, customerId, id, request),
      cancel: (customerId, id, opts) => cancelSubscription(deps, customerId, id, opts),
      usage: (customerId, id) => usageSoFar(deps, customerId, id),
      entitlementsForHost: (customerId, hostId) => entitlementsOf(deps, customerId, hostId),
      listAll: async (query) => {
        const rows = await listAllSubscriptions(db, { ...query, limit: query.limit + 1 });
        const page = toPage(rows, query.limit, (row) => row);
        return {
          items: await Promise.all(page.items.map((row) => describeSubscription(db, deps, row, 1))),
          nextCursor: page.nextCursor,
        };
      },
    },

    invoices: {
      list: async (customerId, query) =>
        toPage(
          await listInvoices(db, customerId, {
            ...query,
            withDrafts: query.withDrafts ?? false,
            limit: query.limit + 1,
          }),
          query.limit,
          (row) => toInvoiceView(row),
        ),
      get: invoiceWithLines,
      createManual: async (customerId, input) =>
        invoiceWithLines(customerId, (await createManualInvoice(deps, customerId, input)).id, {
          withDrafts: true,
        }),
      finalize: async (customerId, id) => toInvoiceView(await finalizeDraft(deps, customerId, id)),
      pdf: async (customerId, id) => {
        const view = await invoiceWithLines(customerId, id);
        const row = (await findInvoice(db, customerId, id))!;
        return {
          number: view.number,
          pdf: await renderInvoicePdf(view, partiesOf(row), deps.clock.now()),
        };
      },
      pay: async (customerId, id) => toInvoiceView(await payInvoice(deps, customerId, id)),
      void: async (customerId, id) => toInvoiceView(await voidInvoice(deps, customerId, id)),
      creditNote: (customerId, id, input) => issueCreditNote(deps, customerId, id, input),
      creditNotes: async (customerId, invoiceId) =>
        (await listCreditNotes(db, customerId, invoiceId)).map(toCreditNoteView),
      markPaid: async (customerId, id, input) =>
        toInvoiceView(await recordOfflinePayment(deps, customerId, id, input)),
      listAll: async (query) =>
        toPage(await listAllInvoices(db, { ...query, limit: query.limit + 1 }), query.limit, (row) =>
          toInvoiceView(row),
        ),
    },

    payments: {
      list: async (customerId, query) =>
        toPage(
          await listCustomerPayments(db, customerId, { ...query, limit: query.limit + 1 }),
          query.limit,
          toPaymentView,
        ),
      listAll: async (query) =>
        toPage(await listAllPayments(db, { ...query, limit: query.limit + 1 }), query.limit, toPaymentView),
      refund: (customerId, paymentId, input) => refundPayment(deps, customerId, paymentId, input),
    },

    paymentMethods: {
      list: (customerId) => listMethods(deps, customerId),
      collection: () => deps.gateway.cardCollection,
      prepareSetup: (customerId) => prepareCardSetup(deps, customerId),
      add: (customerId, card) => addPaymentMethod(deps, customerId, card),
      remove: (customerId, id) => removePaymentMethod(deps, customerId, id),
      makeDefault: (customerId, id) => makeDefaultPaymentMethod(deps, customerId, id),
    },

    profile: {
      get: (customerId) => loadProfile(db, customerId),
      update: (customerId, changes) => updateProfile(deps, customerId, changes),
    },

    ledger: {
      entries: async (customerId) => (await listLedgerEntries(db, customerId)).map(toLedgerEntryView),
      creditBalance: async (customerId, currency) =>
        0 - (await accountBalance(db, customerId, 'customer_credit', currency)),
      receivable: (customerId, currency) => accountBalance(db, customerId, 'receivable', currency),
      totals: () => ledgerTotals(db),
    },

    recordUsage: (input) => recordUsage(deps, input),
    recordUsageBatch: (batch) => recordUsageBatch(deps, batch),

    revenue: () => revenueReport(deps),

    receiveStripeWebhook: (rawBody, signature) => receiveStripeWebhook(deps, rawBody, signature),

    runTick: () => runBillingTick(deps),
  };
}
