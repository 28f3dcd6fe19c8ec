import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { createAccounts } from '../accounts/index.js';
import { buildApp } from '../api/app.js';
import type { ApiContext } from '../api/context.js';
import { systemClock, type Clock } from '../lib/clock.js';
import type { Config } from './config.js';
import { openDatabase, type Db, type DatabaseHandle } from '../platform/db/index.js';
import { createLogger, createPlatform, restoreSimulatedClock } from '../platform/index.js';
import { createCertificateStore } from '../platform/tls/index.js';
import {
  createTenancy,
  type ChatRoomsPort,
  type MemberSessionsPort,
  type UploadUsage,
} from '../tenancy/index.js';
import { createIncidents } from '../incidents/index.js';
import {
  createBilling,
  createSandboxGateway,
  createStripeGateway,
  stripeGatewayOptions,
} from '../billing/index.js';
import { findBillingContacts } from '../accounts/index.js';
import { createDiagnostics } from '../diagnostics/index.js';
import { createDomainRegistration, createDomains } from '../domains/index.js';
import { createSecurityAudits, type AuditEndpoints } from '../security/index.js';
import { createSupport } from '../support/index.js';
import { createMonitoring } from '../monitoring/index.js';
import { createWorkflows, supportBillingPort } from '../workflows/index.js';
import { createXmppServer, type XmppServer } from '../xmpp/server/index.js';
import { migrateWithBackup } from './migrate-with-backup.js';
import { version } from './version.js';

/**
 * The composition root: builds every area from the configuration, once, and wires them together.
 * `imhost start`, the CLI commands and the integration tests all build the product through here,
 * so what is tested is what runs.
 */
export interface ComposeOptions {
  config: Config;
  /** Tests pass their own database (fresh, already migrated) and clock. */
  database?: DatabaseHandle;
  clock?: Clock;
  migrate?: boolean;
  /**
   * Back up before applying pending migrations (default: IMHOST_BACKUP_BEFORE_MIGRATE, and never
   * for a database the caller passed in).
   */
  backupBeforeMigrate?: boolean;
  /** Where log lines go (default standard output); tests read them to prove what is never logged. */
  logDestination?: DestinationStream;
}

export interface Services {
  ctx: ApiContext;
  close(): Promise<void>;
}

export interface Composed extends Services {
  app: FastifyInstance;
  /** Built and wired to HTTP (WebSocket, host-meta); its TCP listeners open only on `start()`. */
  xmpp: XmppServer;
}

/** A simulated clock starts where it was left in this database (see simulated-clock.ts). */
export async function clockFor(config: Config, db: Db): Promise<Clock> {
  return config.clock === 'simulated' ? restoreSimulatedClock(db) : systemClock;
}

/** The areas without the HTTP layer: what the CLI needs. Hosts show no upload usage without an IM server. */
export async function composeServices(options: ComposeOptions): Promise<Services> {
  return composeAreas(options, {});
}

/** What only a running IM server knows, for the areas built before it: absent in the CLI. */
interface ImServerPorts {
  server(): XmppServer | undefined;
  /** Where its listeners answer, once they listen. */
  endpoints(): AuditEndpoints | undefined;
}

async function composeAreas(
  options: ComposeOptions,
  {
    imServer,
    ...imPorts
  }: {
    uploadUsage?: UploadUsage;
    chatRooms?: ChatRoomsPort;
    memberSessions?: MemberSessionsPort;
    imServer?: ImServerPorts;
  },
): Promise<Services> {
  const { config } = options;
  const logger = createLogger(config, options.logDestination);
  const database = options.database ?? openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  let clock: Clock;
  try {
    if (options.migrate ?? true)
      await migrateWithBackup(config, database, {
        backup: options.backupBeforeMigrate ?? (config.backupBeforeMigrate && !options.database),
        logger,
      });
    clock = options.clock ?? (await clockFor(config, database.db));
  } catch (error) {
    if (!options.database) await database.close();
    throw error;
  }

  const platform = createPlatform({ config, clock, database, logger });
  const accounts = createAccounts({ config, clock, database, platform });
  const tenancy = createTenancy({
    config,
    clock,
    database,
    platform,
    accounts,
    ...imPorts,
  });
  const gateway =
    config.paymentGateway === 'stripe'
      ? createStripeGateway(stripeGatewayOptions(config), { db: database.db, clock })
      : createSandboxGateway({ db: database.db, clock });
  const billing = createBilling({ config, clock, database, platform, tenancy, accounts, gateway });
  const support = createSupport({
    config,
    clock,
    database,
    platform,
    accounts,
    tenancy,
    billing: supportBillingPort(billing),
  });
  const certificates = createCertificateStore({ database, clock });
  const staffEmails = async () => (await accounts.listStaff({ limit: 100 })).items.map((user) => user.email);
  const domains = createDomains({
    config,
    clock,
    database,
    platform,
    tenancy,
    certificates,
    customerNames: accounts,
    recipients: {
      customerContacts: async (customerId) =>
        (await findBillingContacts(database.db, [customerId])).get(customerId) ?? [],
      staff: staffEmails,
    },
  });
  const monitoring = createMonitoring({ config, clock, database, platform });
  const security = createSecurityAudits({
    config,
    version,
    clock,
    database,
    platform,
    tenancy,
    accounts,
    ports: {
      async domainFacts(hostId) {
        const view = await domains.describe({ kind: 'system' }, hostId);
        return { certificate: view.certificate, dns: view.dns };
      },
      loginWatch() {
        const server = imServer?.server();
        return (
          server && {
            throttledMembers: (hostId) => server.throttledMembers(hostId),
            windowMinutes: Math.round(server.loginThrottleWindowMs / 60_000),
          }
        );
      },
      // The per-host series record every failed login (minutes for two days, hours for 90), in
      // the database: the spike check reads them wherever the audit runs, the CLI included.
      failedLoginHistory: () => ({
        failedLoginsSince: (hostId, since) => monitoring.failedLoginCountSince(hostId, since),
      }),
      endpoints: () => imServer?.endpoints(),
      staffEmails,
    },
  });
  const incidents = createIncidents({
    config,
    clock,
    database,
    platform,
    tenancy,
    recipients: {
      customerContacts: async (customerId) =>
        (await findBillingContacts(database.db, [customerId])).get(customerId) ?? [],
    },
  });
  const domainRegistration = createDomainRegistration({ config, clock, database, platform, tenancy });

  const ctx: ApiContext = {
    config,
    clock,
    database,
    logger,
    platform,
    accounts,
    tenancy,
    support,
    billing,
    domainRegistration,
    workflows: createWorkflows({ tenancy, billing, registration: domainRegistration, jobs: platform.jobs }),
    certificates,
    domains,
    security,
    diagnostics: createDiagnostics({
      config,
      clock,
      database,
      tenancy,
      dns: domains.dns,
      service: { hostname: config.serviceHostname, c2sPort: config.c2sPort, c2sTlsPort: config.c2sTlsPort },
      async deliveryFigures(hostId) {
        const [day, week] = await Promise.all([
          monitoring.hostMetrics(hostId, '24h'),
          monitoring.hostMetrics(hostId, '7d'),
        ]);
        const figures = ({ totals }: typeof day) => ({
          messages: totals.messages,
          p50Ms: totals.latencyP50Ms,
          p99Ms: totals.latencyP99Ms,
        });
        return { day: figures(day), week: figures(week) };
      },
    }),
    incidents,
    monitoring,
    version,
  };
  return {
    ctx,
    async close() {
      await support.close();
      monitoring.stop();
      await platform.stop();
      if (!options.database) await database.close();
    },
  };
}

export async function compose(options: ComposeOptions): Promise<Composed> {
  // The IM server reads hosts through tenancy, so it is built after the areas; tenancy shows each
  // host's upload usage, which only the server knows. Tenancy gets the port at construction, and
  // the port reaches the server once it exists (before that, nothing asks: no request is served).
  let imServer: XmppServer | undefined = undefined;
  const uploadUsage: UploadUsage = {
    storedBytes: async (hostId) => (imServer ? imServer.uploadStoredBytes(hostId) : null),
  };
  const chatRooms: ChatRoomsPort = {
    list: async (host) => (await imServer?.chatRooms()?.list(host)) ?? null,
    destroy: async (host, name, reason) => (await imServer?.chatRooms()?.destroy(host, name, reason)) ?? null,
  };
  const memberSessions: MemberSessionsPort = {
    list: (domain, username) => imServer?.memberSessions.list(domain, username) ?? null,
    signOut: (domain, username) => imServer?.memberSessions.signOut(domain, username) ?? null,
  };
  let listening: AuditEndpoints | undefined;
  const services = await composeAreas(options, {
    uploadUsage,
    chatRooms,
    memberSessions,
    imServer: { server: () => imServer, endpoints: () => listening },
  });
  const { ctx } = services;
  const xmpp = createXmppServer({
    config: options.config,
    clock: ctx.clock,
    logger: ctx.logger.child({ area: 'xmpp' }),
    database: ctx.database,
    // With verification required, a domain not yet proven is served to nobody.
    tenancy: { ...ctx.tenancy, directory: ctx.domains.servedDirectory(ctx.tenancy.directory) },
    metrics: ctx.platform.metrics,
    serverVersion: ctx.version,
    certificates: ctx.certificates,
    // The modules' jobs (the archive purge) and usage reporting run where the server runs.
    jobs: ctx.platform.jobs,
    usageSink: { record: (batch) => ctx.billing.recordUsageBatch(batch) },
    activitySink: ctx.monitoring.sink,
  });
  imServer = xmpp;
  ctx.domains.onServingChanged((domain) => xmpp.core.hosts.forget(domain));
  let app: FastifyInstance;
  try {
    app = await buildApp(ctx);
    await app.register(xmpp.httpPlugin);
    await ctx.support.startInbound();
  } catch (error) {
    await services.close();
    throw error;
  }
  return {
    ...services,
    app,
    xmpp: {
      ...xmpp,
      // The served-certificate check connects to the listeners, so it learns where they are.
      async start() {
        const ports = await xmpp.start();
        listening = {
          host:
            ctx.config.bind === '0.0.0.0' ? '127.0.0.1' : ctx.config.bind === '::' ? '::1' : ctx.config.bind,
          starttlsPort: ports.c2sPort,
          directTlsPort: ports.c2sTlsPort,
        };
        ctx.domains.setTlsEndpoints(listening);
        return ports;
      },
    },
    async close() {
      await xmpp.stop();
      await app.close();
      await services.close();
    },
  };
}
