/**
 * Billing: the catalog, subscriptions (one per IM host), invoices, the ledger, payments through a
 * gateway port, renewals and dunning. This file is the area's public surface.
 */
import type { Clock } from '../lib/clock.js';
import { AppError } from '../lib/errors.js';
import {
  monotonicIdSource,
  toPage,
  type Config,
  type DatabaseHandle,
  type Page,
  type PageQuery,
  type Platform,
} from '../platform/index.js';
import type { Tenancy } from '../tenancy/index.js';
import type { BillingDeps } from './billing-deps.js';
import { defineBillingJobs, runBillingTick } from './billing-jobs.js';
import { cancelSubscription } from './cancel-subscription.js';
import { changeSubscription, type ChangeRequest } from './change-subscription.js';
import { describeSubscription } from './describe-subscription.js';
import { createSandboxGateway } from './gateway/sandbox-gateway.js';
import type { PaymentGateway } from './gateway/payment-gateway.js';
import { partiesOf } from './invoice-facts.js';
import { issueCreditNote, toCreditNoteView } from './issue-credit-note.js';
import {
  findInvoice,
  listAllInvoices,
  listCreditNotes,
  listInvoiceLines,
  listInvoices,
} from './invoices.repository.js';
import { accountBalance, ledgerTotals, listLedgerEntries } from './ledger.repository.js';
import {
  addPrice,
  changePlan,
  createCoupon,
  createPlan,
  getPlan,
  listAllCoupons,
  listCatalog,
  migratePrice,
  setCouponStatus,
} from './manage-catalog.js';
import { payInvoice } from './pay-invoice.js';
import {
  addPaymentMethod,
  listMethods,
  makeDefaultPaymentMethod,
  prepareCardSetup,
  removePaymentMethod,
} from './payment-methods.js';
import { listAllPayments, listCustomerPayments } from './payments.repository.js';
import { loadProfile, updateProfile } from './profiles.js';
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
import { usageSoFar } from './usage-so-far.js';
import { entitlementsOf } from './sync-host-entitlements.js';
import { voidInvoice } from './void-invoice.js';
import { createManualInvoice, finalizeDraft, type ManualInvoiceInput } from './manual-invoices.js';
import { toInvoiceView, toLedgerEntryView, toPaymentView, type InvoiceView } from './views.js';
import { revenueReport } from './revenue-report.js';

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
export type { ChangeRequest, ChangeResult } from './change-subscription.js';
export type { CancelResult } from './cancel-subscription.js';
export type { SubscriptionView, TimelineEntry } from './describe-subscription.js';
export type { CouponView, InvoiceView, LedgerEntryView, PaymentView, PlanView, PriceView } from './views.js';
/** The view schemas, which the API serves as its response schemas. */
export * as billingViews from './views.js';
export type { NewPaymentMethod, PaymentMethodView } from './payment-methods.js';
export type { CreditNoteView } from './issue-credit-note.js';
export type { BillingProfile, ProfileChanges } from './profiles.js';
export type { PlanInput, PriceInput, CouponInput } from './manage-catalog.js';
export type { ManualInvoiceInput } from './manual-invoices.js';
export type { TickSummary } from './billing-jobs.js';
export type { RevenueReport } from './revenue-report.js';
export type { UsageMetric } from './metered.js';
export type { UsageSoFar } from './usage-so-far.js';
export type { UsageBatch, UsageReport } from './record-usage.js';
export { USAGE_METRICS } from './metered.js';
export { CYCLES, type Cycle } from './math/periods.js';
export { formatDayIn, formatMinuteIn } from './math/calendar.js';
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

export interface BillingOptions {
  config: Pick<Config, 'publicUrl'>;
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

export function createBilling(options: BillingOptions) {
  const db = options.database.db;
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
      get: (planId: string) => getPlan(deps, planId),
      create: (input: Parameters<typeof createPlan>[1]) => createPlan(deps, input),
      update: (planId: string, input: Parameters<typeof changePlan>[2]) => changePlan(deps, planId, input),
      addPrice: (planId: string, input: Parameters<typeof addPrice>[2]) => addPrice(deps, planId, input),
      migratePrice: (priceId: string) => migratePrice(deps, priceId),
      listCoupons: () => listAllCoupons(deps),
      createCoupon: (input: Parameters<typeof createCoupon>[1]) => createCoupon(deps, input),
      setCouponActive: (couponId: string, isActive: boolean) => setCouponStatus(deps, couponId, isActive),
    },

    /** Called when a host is created on a plan (POST /hosts with planId). */
    startSubscription: async (input: StartSubscriptionInput) => {
      const row = await startSubscription(deps, input);
      return describe(input.customerId, row.id);
    },

    subscriptions: {
      list: async (customerId: string) =>
        Promise.all(
          (await listCustomerSubscriptions(db, customerId)).map((row) => describeSubscription(db, deps, row)),
        ),
      get: describe,
      change: (customerId: string, id: string, request: ChangeRequest) =>
        changeSubscription(deps, customerId, id, request),
      cancel: (customerId: string, id: string, opts: { atPeriodEnd: boolean }) =>
        cancelSubscription(deps, customerId, id, opts),
      /** Pay-as-you-go usage so far this period, rated as the invoice will rate it. */
      usage: (customerId: string, id: string) => usageSoFar(deps, customerId, id),
      /** The plan entitlements in force for a host, for the IM server's limits. */
      entitlementsForHost: (customerId: string, hostId: string) => entitlementsOf(deps, customerId, hostId),
      listAll: async (
        query: PageQuery & { status?: Parameters<typeof listAllSubscriptions>[1]['status'] },
      ) => {
        const rows = await listAllSubscriptions(db, { ...query, limit: query.limit + 1 });
        const page = toPage(rows, query.limit, (row) => row);
        return {
          items: await Promise.all(page.items.map((row) => describeSubscription(db, deps, row, 1))),
          nextCursor: page.nextCursor,
        };
      },
    },

    invoices: {
      list: async (
        customerId: string,
        query: PageQuery & { subscriptionId?: string | undefined; withDrafts?: boolean },
      ): Promise<Page<InvoiceView>> =>
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
      /** Staff: a one-off invoice as a draft, then finalised when checked. */
      createManual: async (customerId: string, input: ManualInvoiceInput) =>
        invoiceWithLines(customerId, (await createManualInvoice(deps, customerId, input)).id, {
          withDrafts: true,
        }),
      finalize: async (customerId: string, id: string) =>
        toInvoiceView(await finalizeDraft(deps, customerId, id)),
      pdf: async (customerId: string, id: string) => {
        const view = await invoiceWithLines(customerId, id);
        const row = (await findInvoice(db, customerId, id))!;
        return {
          number: view.number,
          pdf: await renderInvoicePdf(view, partiesOf(row), deps.clock.now()),
        };
      },
      pay: async (customerId: string, id: string) => toInvoiceView(await payInvoice(deps, customerId, id)),
      void: async (customerId: string, id: string) => toInvoiceView(await voidInvoice(deps, customerId, id)),
      creditNote: (customerId: string, id: string, input: { amount: number; reason: string }) =>
        issueCreditNote(deps, customerId, id, input),
      creditNotes: async (customerId: string, invoiceId?: string) =>
        (await listCreditNotes(db, customerId, invoiceId)).map(toCreditNoteView),
      markPaid: async (customerId: string, id: string, input: { reference: string }) =>
        toInvoiceView(await recordOfflinePayment(deps, customerId, id, input)),
      listAll: async (query: Parameters<typeof listAllInvoices>[1]) =>
        toPage(await listAllInvoices(db, { ...query, limit: query.limit + 1 }), query.limit, (row) =>
          toInvoiceView(row),
        ),
    },

    payments: {
      list: async (customerId: string, query: PageQuery) =>
        toPage(
          await listCustomerPayments(db, customerId, { ...query, limit: query.limit + 1 }),
          query.limit,
          toPaymentView,
        ),
      listAll: async (query: PageQuery & { customerId?: string | undefined }) =>
        toPage(await listAllPayments(db, { ...query, limit: query.limit + 1 }), query.limit, toPaymentView),
      refund: (customerId: string, paymentId: string, input: { amount: number; reason: string }) =>
        refundPayment(deps, customerId, paymentId, input),
    },

    paymentMethods: {
      list: (customerId: string) => listMethods(deps, customerId),
      /** How the dashboard collects a card; `prepareSetup` then starts one (a SetupIntent with Stripe). */
      collection: () => deps.gateway.cardCollection,
      prepareSetup: (customerId: string) => prepareCardSetup(deps, customerId),
      add: (customerId: string, card: Parameters<typeof addPaymentMethod>[2]) =>
        addPaymentMethod(deps, customerId, card),
      remove: (customerId: string, id: string) => removePaymentMethod(deps, customerId, id),
      makeDefault: (customerId: string, id: string) => makeDefaultPaymentMethod(deps, customerId, id),
    },

    profile: {
      get: (customerId: string) => loadProfile(db, customerId),
      update: (customerId: string, changes: Parameters<typeof updateProfile>[2]) =>
        updateProfile(deps, customerId, changes),
    },

    ledger: {
      entries: async (customerId: string) => (await listLedgerEntries(db, customerId)).map(toLedgerEntryView),
      /** Account credit the customer holds in a currency (positive: we owe them). */
      creditBalance: async (customerId: string, currency: string) =>
        0 - (await accountBalance(db, customerId, 'customer_credit', currency)),
      /** What the customer owes in a currency. */
      receivable: (customerId: string, currency: string) =>
        accountBalance(db, customerId, 'receivable', currency),
      totals: () => ledgerTotals(db),
    },

    /** Usage, bucketed per host and hour. */
    recordUsage: (input: UsageInput) => recordUsage(deps, input),
    /** The IM server's usage, a batch per flush; each batch key counts once, however often delivered. */
    recordUsageBatch: (batch: UsageBatch) => recordUsageBatch(deps, batch),

    revenue: () => revenueReport(deps),

    /** POST /billing/webhooks/stripe: signature checked, stored, deduplicated, processed. */
    receiveStripeWebhook: (rawBody: Buffer, signature: string) =>
      receiveStripeWebhook(deps, rawBody, signature),

    /** The periodic sweep, for tests, the CLI and staff moving the simulated clock. */
    runTick: () => runBillingTick(deps),
  };
}

export type Billing = ReturnType<typeof createBilling>;
