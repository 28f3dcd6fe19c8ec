import type { FastifyInstance } from 'fastify';
import { createAccounts } from '../accounts/index.js';
import { buildApp } from '../api/app.js';
import type { ApiContext } from '../api/context.js';
import { systemClock, type Clock } from '../lib/clock.js';
import type { Config } from './config.js';
import { openDatabase, type Db, type DatabaseHandle } from '../platform/db/index.js';
import { createLogger, createPlatform, restoreSimulatedClock } from '../platform/index.js';
import { createCertificateStore } from '../platform/tls/index.js';
import { createTenancy, type ChatRoomsPort, type UploadUsage } from '../tenancy/index.js';
import {
  createBilling,
  createSandboxGateway,
  createStripeGateway,
  stripeGatewayOptions,
} from '../billing/index.js';
import { findBillingContacts } from '../accounts/index.js';
import { createDomainRegistration, createDomains } from '../domains/index.js';
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
  return composeAreas(options, undefined, undefined);
}

async function composeAreas(
  options: ComposeOptions,
  uploadUsage: UploadUsage | undefined,
  chatRooms: ChatRoomsPort | undefined,
): Promise<Services> {
  const { config } = options;
  const logger = createLogger(config);
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
    uploadUsage,
    chatRooms,
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
      staff: async () => (await accounts.listStaff({ limit: 100 })).items.map((user) => user.email),
    },
  });
  const domainRegistration = createDomainRegistration({ config, clock, database, platform, tenancy });
  const monitoring = createMonitoring({ config, clock, database, platform });

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
  const services = await composeAreas(options, uploadUsage, chatRooms);
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
        ctx.domains.setTlsEndpoints({
          host:
            ctx.config.bind === '0.0.0.0' ? '127.0.0.1' : ctx.config.bind === '::' ? '::1' : ctx.config.bind,
          starttlsPort: ports.c2sPort,
          directTlsPort: ports.c2sTlsPort,
        });
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
