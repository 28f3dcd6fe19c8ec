/**
 * The platform area's public surface: configuration, database, logger, and the shared services every
 * other area builds on (audit log, mailer, job scheduler, metrics). Other areas import only from here.
 */
import type { Logger } from 'pino';
import type { Clock } from '../lib/clock.js';
import { createAuditLog, type AuditLog } from './audit/audit-log.js';
import type { PlatformConfig } from './platform-options.js';
import { scopedDb, type DatabaseHandle, type PlatformTables } from './db/index.js';
import { JobScheduler } from './jobs/scheduler.js';
import { createMailer, type Mailer } from './mailer/mailer.js';
import { createMetrics, type Metrics } from './metrics.js';
import { monotonicIdSource } from '../lib/ids.js';
import { advanceSimulatedClock } from './simulated-clock.js';
import {
  createReleaseFeed,
  RELEASE_FEED_CRON,
  RELEASE_FEED_JOB,
  type ReleaseFeed,
} from './operations/index.js';

export {
  ConfigError,
  ConfigValueError,
  loadOptions,
  type ConfigArea,
  type OptionSpec,
  type Parser,
} from './config.js';
/** The parsers every area declares its options with. */
export * as configParsers from './config-parsers.js';
export { platformConfig, type PlatformConfig } from './platform-options.js';
export * from './db/index.js';
export { createLogger } from './logger.js';
export { pingDatabase } from './health.repository.js';
export { restoreSimulatedClock } from './simulated-clock.js';
export { monotonicIdSource, type IdSource } from '../lib/ids.js';
export { toPage, type Page, type PageQuery } from './page.js';
export type { AuditActorType, AuditEvent, AuditEventInput, AuditLog } from './audit/audit-log.js';
export type { Mailer, OutboxMessage, OutboxStatus, OutgoingMail } from './mailer/mailer.js';
export {
  defineMailTemplate,
  type MailContent,
  type MailTemplate,
  type MailTemplateRegistry,
} from './mailer/mail-template.js';
export type { HistogramSpec, MetricSpec, Metrics } from './metrics.js';
/** The view schemas of the platform's records, which the API serves as its response schemas. */
export * as platformViews from './views.js';
export {
  JobScheduler,
  type BackoffOptions,
  type EnqueueOptions,
  type Job,
  type JobContext,
  type JobHandler,
  type JobOptions,
  type JobStatus,
  type RunSummary,
} from './jobs/scheduler.js';

export interface Platform {
  audit: AuditLog;
  mailer: Mailer;
  jobs: JobScheduler;
  metrics: Metrics;
  /** The product's root logger; areas log through `logger.child({ area })`. */
  logger: Logger;
  /** The release feed (IMHOST_RELEASE_FEED_URL): checked daily by the scheduler, and on demand. */
  releaseFeed: ReleaseFeed;
  /** Moves the simulated clock forward, kept across restarts; throws clock_not_simulated otherwise. */
  advanceClock(ms: number): Promise<Date>;
  /** Stops the job loop (waiting for the pass in progress) and closes SMTP connections. */
  stop(): Promise<void>;
}

export interface PlatformDeps {
  config: PlatformConfig;
  clock: Clock;
  database: DatabaseHandle;
  logger: Logger;
}

export function createPlatform({ config, clock, database, logger }: PlatformDeps): Platform {
  const db = scopedDb<PlatformTables>(database.db);
  const nextId = monotonicIdSource(clock);
  const metrics = createMetrics();
  const jobs = new JobScheduler({
    db,
    clock,
    logger: logger.child({ area: 'jobs' }),
    metrics,
    nextId,
  });
  const mailer = createMailer({
    config,
    clock,
    db,
    jobs,
    logger: logger.child({ area: 'mailer' }),
    nextId,
  });
  const audit = createAuditLog({ db, clock, nextId });
  const releaseFeed = createReleaseFeed({ feedUrl: config.releaseFeedUrl, db, clock });
  jobs.define(RELEASE_FEED_JOB, () => releaseFeed.check(), { maxAttempts: 1 });
  if (config.releaseFeedUrl) jobs.every(RELEASE_FEED_JOB, RELEASE_FEED_CRON);
  return {
    audit,
    mailer,
    jobs,
    metrics,
    logger,
    releaseFeed,
    advanceClock: (ms) => advanceSimulatedClock(database.db, clock, ms),
    async stop() {
      await jobs.stop();
      mailer.close();
    },
  };
}
