/**
 * The registration of each custom domain (issue 16, part 4): its expiry from RDAP, reminders
 * before and after it, and auto-renewal at a registrar (manual queue or EPP). Billing's side of
 * auto-renewal is the workflow's (src/workflows/renew-domains.ts); this is the registration's.
 */
import { readFileSync } from 'node:fs';
import { findBillingContacts } from '../../accounts/index.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import {
  monotonicIdSource,
  scopedDb,
  type DatabaseHandle,
  type PlatformConfig,
  type DomainsTables,
  type Platform,
  type RenewalStatus,
} from '../../platform/index.js';
import type { Tenancy, TenancyConfig } from '../../tenancy/index.js';
import type { DomainsAreaConfig } from '../domains-options.js';
import { createCalendarToken, customerCalendar, customerOfCalendarToken } from './calendar-feed.js';
import { createEppRegistrar } from './epp-registrar.js';
import { createManualRegistrar } from './manual-registrar.js';
import { createRdapClient, type RdapClient } from './rdap-client.js';
import {
  refreshDueRegistrations,
  refreshRegistration,
  trackNewHosts,
  type HostRef,
} from './refresh-registrations.js';
import type { RegistrarPort } from './registrar-port.js';
import type { RegistrationDeps } from './registration-deps.js';
import { nowIso } from './registration-deps.js';
import {
  dismissReminder,
  findRegistrationForStaff,
  findRegistrationByHost,
  listAllRegistrations,
  listRegistrationRenewals,
  listReminders,
  listTasks,
  updateRegistration,
  type RegistrationRow,
  type RenewalRow,
} from './registrations.repository.js';
import {
  cancelRenewal,
  completeTask,
  listRenewals,
  openDueRenewals,
  recordInvoice,
  recordInvoicingProblem,
  recordPaid,
  recordRefund,
  refuseTask,
  submitPaidRenewals,
} from './renew-registrations.js';
import {
  toRegistrationFacts,
  toRenewalView,
  toTaskView,
  type RegistrarTaskView,
  type RegistrationFacts,
  type RenewalView,
} from './registration-views.js';
import { tldOf } from './registration-schedule.js';

export type { RdapClient, RdapDomain, RdapLookup } from './rdap-client.js';
export type { RegistrarPort, RenewOutcome, RenewRequest } from './registrar-port.js';
export type {
  RegistrationFacts,
  RenewalView,
  RegistrarTaskView,
  ReminderView,
} from './registration-views.js';
export type { RegistrationMail } from './registration-mail-templates.js';
export { registrationMailTemplates } from './registration-mail-templates.js';
/** The view schemas, which the API serves as its response schemas. */
export * as registrationViews from './registration-views.js';
export { tldOf } from './registration-schedule.js';

export const REGISTRATION_REFRESH_JOB = 'domains.registration.refresh';

/** A renewal as the auto-renewal workflow moves it (billing's ids and amounts included). */
export type Renewal = RenewalRow;

export interface DomainRegistration {
  /** Which registrar adapter renews domains through the provider. */
  registrar: RegistrarPort['name'];
  /**
   * The registration facts of a host (tracked from now on if it was not yet), or null when its
   * domain is under the provider's hosted domain. Another customer's host is null too.
   */
  facts(customerId: string, host: HostRef): Promise<RegistrationFacts | null>;
  /** Throws registration_not_found, auto_renew_unavailable (not registered through the provider). */
  setAutoRenew(customerId: string, hostId: string, autoRenew: boolean): Promise<void>;
  /** Hides the banner of the current reminders. */
  dismissBanner(customerId: string, hostId: string): Promise<void>;
  /** Asks RDAP now. */
  check(customerId: string, hostId: string): Promise<void>;
  /** A new secret URL token for the customer's iCalendar feed of domain deadlines (the old one stops working). */
  createCalendarToken(customerId: string): Promise<string>;
  /** The iCalendar feed of the token's customer, or null for an unknown token. */
  calendar(token: string): Promise<string | null>;
  /** The periodic sweep: tracks new custom-domain hosts, refreshes due ones, sends due reminders. */
  runTick(): Promise<{ tracked: number; checked: number }>;

  staff: {
    /** Every tracked registration, nearest expiry first. */
    list(): Promise<RegistrationFacts[]>;
    /** Marks a domain as registered through the provider (or not), which offers auto-renewal. */
    setThroughProvider(registrationId: string, isThroughProvider: boolean): Promise<void>;
    tasks(status: 'open' | 'done' | 'refused' | null): Promise<RegistrarTaskView[]>;
    completeTask(taskId: string, input: { expiresAt: string; staffName: string }): Promise<void>;
    refuseTask(taskId: string, input: { reason: string; staffName: string }): Promise<void>;
    renewals(statuses: readonly RenewalStatus[]): Promise<RenewalView[]>;
  };

  /** The steps of auto-renewal, for the workflow that pairs them with billing. */
  renewals: {
    openDue(): Promise<number>;
    list(statuses: readonly RenewalStatus[]): Promise<Renewal[]>;
    recordInvoice(
      renewal: Renewal,
      invoice: { id: string; number: string | null; amount: number; currency: string },
    ): Promise<boolean>;
    recordInvoicingProblem(renewal: Renewal, problem: string): Promise<boolean>;
    recordPaid(renewal: Renewal): Promise<boolean>;
    cancel(renewal: Renewal, reason: string): Promise<boolean>;
    /** Asks the registrar to renew every paid renewal that is due an attempt. */
    submitPaid(): Promise<number>;
    recordRefund(renewal: Renewal, creditNoteNumber: string | null): Promise<boolean>;
  };
}

export interface DomainRegistrationOptions {
  config: Pick<PlatformConfig, 'publicUrl'> &
    Pick<TenancyConfig, 'hostedDomain'> &
    Pick<
      DomainsAreaConfig,
      | 'rdapBaseUrl'
      | 'rdapBootstrapUrl'
      | 'registrar'
      | 'eppHost'
      | 'eppPort'
      | 'eppClientId'
      | 'eppPassword'
      | 'eppCaFile'
      | 'domainRenewalLeadDays'
    >;
  clock: Clock;
  database: Pick<DatabaseHandle, 'db'>;
  platform: Pick<Platform, 'mailer' | 'jobs' | 'logger'>;
  tenancy: Pick<Tenancy, 'hosts'>;
  /** Tests pass their own. */
  rdap?: RdapClient;
}

function registrarOf(
  options: DomainRegistrationOptions,
  deps: Pick<RegistrationDeps, 'db' | 'clock' | 'newId'>,
) {
  const { config } = options;
  if (config.registrar === 'manual') return createManualRegistrar(deps);
  return createEppRegistrar({
    host: config.eppHost!,
    port: config.eppPort,
    clientId: config.eppClientId!,
    password: config.eppPassword!,
    ca: config.eppCaFile ? readFileSync(config.eppCaFile, 'utf8') : undefined,
  });
}

function isUnder(domain: string, parent: string): boolean {
  return domain === parent || domain.endsWith(`.${parent}`);
}

const PAGE = 200;

/** Staff see problems first (a failed look-up or renewal, a lapsed name), then the nearest expiry. */
function byUrgency(all: RegistrationFacts[]): RegistrationFacts[] {
  const hasProblem = (r: RegistrationFacts) =>
    r.state === 'expired' ||
    r.state === 'redemption' ||
    r.lastError !== null ||
    ['refused', 'at_registrar'].includes(r.lastRenewal?.status ?? '') ||
    (r.lastRenewal?.lastError ?? null) !== null;
  return [...all].sort(
    (a, b) =>
      Number(hasProblem(b)) - Number(hasProblem(a)) ||
      (a.expiresAt ?? '9999').localeCompare(b.expiresAt ?? '9999'),
  );
}

export function createDomainRegistration(options: DomainRegistrationOptions): DomainRegistration {
  const { config, clock } = options;
  const db = scopedDb<DomainsTables>(options.database.db);
  const newId = monotonicIdSource(clock);
  const deps: RegistrationDeps = {
    db,
    clock,
    newId,
    rdap:
      options.rdap ??
      createRdapClient({
        baseUrl: config.rdapBaseUrl,
        bootstrapUrl: config.rdapBootstrapUrl,
        now: () => clock.nowMs(),
      }),
    registrar: registrarOf(options, { db, clock, newId }),
    mailer: options.platform.mailer,
    jobs: options.platform.jobs,
    logger: options.platform.logger.child({ area: 'domains' }),
    publicUrl: config.publicUrl,
    contacts: (customerIds) => findBillingContacts(options.database.db, customerIds),
    isCustomDomain: (domain) => config.hostedDomain === undefined || !isUnder(domain, config.hostedDomain),
  };

  async function allHosts(): Promise<HostRef[]> {
    const hosts: HostRef[] = [];
    let cursor: string | undefined;
    do {
      const page = await options.tenancy.hosts.listAll({ limit: PAGE, before: cursor });
      hosts.push(...page.items.map((h) => ({ id: h.id, customerId: h.customerId, domain: h.domain })));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return hosts;
  }

  async function factsOf(row: RegistrationRow): Promise<RegistrationFacts> {
    const [reminders, renewals] = await Promise.all([
      listReminders(db, row.customer_id, row.id),
      listRegistrationRenewals(db, row.customer_id, row.id),
    ]);
    return toRegistrationFacts(row, reminders, renewals);
  }

  async function rowOf(customerId: string, hostId: string): Promise<RegistrationRow> {
    const row = await findRegistrationByHost(db, customerId, hostId);
    if (!row) throw new AppError('registration_not_found');
    return row;
  }

  async function runTick() {
    const tracked = await trackNewHosts(deps, await allHosts());
    const checked = await refreshDueRegistrations(deps);
    return { tracked, checked };
  }

  options.platform.jobs.define(REGISTRATION_REFRESH_JOB, async () => {
    await runTick();
  });
  options.platform.jobs.every(REGISTRATION_REFRESH_JOB, '20 * * * *');

  return {
    registrar: deps.registrar.name,
    async facts(customerId, host) {
      if (host.customerId !== customerId || !deps.isCustomDomain(host.domain)) return null;
      let row = await findRegistrationByHost(db, customerId, host.id);
      if (!row) {
        await trackNewHosts(deps, [host]);
        row = (await findRegistrationByHost(db, customerId, host.id))!;
      }
      return factsOf(row);
    },
    async setAutoRenew(customerId, hostId, autoRenew) {
      const row = await rowOf(customerId, hostId);
      if (autoRenew && row.is_through_provider !== 1)
        throw new AppError('auto_renew_unavailable', { details: { domain: row.domain ?? row.host_domain } });
      await updateRegistration(db, customerId, row.id, {
        auto_renew: autoRenew ? 1 : 0,
        updated_at: nowIso(deps),
      });
    },
    async dismissBanner(customerId, hostId) {
      const row = await rowOf(customerId, hostId);
      await dismissReminder(db, customerId, row.id, nowIso(deps));
    },
    async check(customerId, hostId) {
      await refreshRegistration(deps, await rowOf(customerId, hostId));
    },
    createCalendarToken: (customerId) => createCalendarToken(deps, customerId),
    async calendar(token) {
      const customerId = await customerOfCalendarToken(deps, token);
      return customerId ? customerCalendar(deps, customerId, config.domainRenewalLeadDays) : null;
    },
    runTick,

    staff: {
      list: async () => byUrgency(await Promise.all((await listAllRegistrations(db)).map(factsOf))),
      async setThroughProvider(registrationId, isThroughProvider) {
        const row = await findRegistrationForStaff(db, registrationId);
        if (!row) throw new AppError('registration_not_found');
        await updateRegistration(db, row.customer_id, row.id, {
          is_through_provider: isThroughProvider ? 1 : 0,
          // Auto-renewal needs the provider to be the registrar.
          auto_renew: isThroughProvider ? row.auto_renew : 0,
          updated_at: nowIso(deps),
        });
      },
      tasks: async (status) => (await listTasks(db, status)).map(toTaskView),
      completeTask: (taskId, input) => completeTask(deps, taskId, input),
      refuseTask: (taskId, input) => refuseTask(deps, taskId, input),
      renewals: async (statuses) => (await listRenewals(deps, statuses)).map(toRenewalView),
    },

    renewals: {
      openDue: () => openDueRenewals(deps, config.domainRenewalLeadDays),
      list: (statuses) => listRenewals(deps, statuses),
      recordInvoice: (renewal, invoice) => recordInvoice(deps, renewal, invoice),
      recordInvoicingProblem: (renewal, problem) => recordInvoicingProblem(deps, renewal, problem),
      recordPaid: (renewal) => recordPaid(deps, renewal),
      cancel: (renewal, reason) => cancelRenewal(deps, renewal, reason),
      submitPaid: () => submitPaidRenewals(deps),
      recordRefund: (renewal, creditNoteNumber) => recordRefund(deps, renewal, creditNoteNumber),
    },
  };
}

/** The TLD a renewal is priced by. */
export const renewalTld = (renewal: Pick<Renewal, 'domain'>) => tldOf(renewal.domain);
