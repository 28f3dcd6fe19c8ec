/**
 * The XMPP server as `imhost start` runs it: the core, the feature modules (all of them, from the
 * one registry), the two TCP listeners and the HTTP plugin (WebSocket, XEP-0156 and the modules'
 * routes), wired to tenancy, the certificate store and the job scheduler.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:net';
import type { FastifyPluginAsync } from 'fastify';
import type { Clock } from '../../lib/clock.js';
import { ConfigError, type PlatformConfig } from '../../platform/index.js';
import type { DatabaseHandle } from '../../platform/db/index.js';
import { createCertificateStore, type CertificateStore } from '../../platform/tls/index.js';
import { LoginThrottle } from '../../lib/login-throttle.js';
import { createSaslAuthenticator, hostAccountsPrefix } from '../auth/index.js';
import {
  createLocalSessionRouter,
  createXmppMetrics,
  defaultC2sLimits,
  ModuleManager,
  ModuleOptionError,
  watchTenancy,
  XmppCore,
  type C2sLimits,
  type ChatRooms,
  type C2sStreamDeps,
  type CounterFactory,
  type ModuleJobScheduler,
  type TenancyPort,
  type UsageSink,
  type ActivitySink,
  type XepClaim,
  type XmppLogger,
  type XmppConfig,
  type XmppModule,
} from '../core/index.js';
import { xmppModules } from '../modules/index.js';
import { POST_AUTH_STANZA_BYTES, StreamError } from '../stanza/index.js';
import { createDirectTlsServer, createStartTlsServer, createXmppHttpPlugin } from '../transports/index.js';
import { memberSessions, type MemberSessions } from './member-sessions.js';
import type { UsageMeter } from './usage-meter.js';
import { reportUsage } from './usage-reporting.js';
import type { ActivityMeter } from './activity-meter.js';
import { reportActivity } from './activity-reporting.js';

/**
 * How long a shutdown waits for sessions to finish what they had read and close; a session still
 * busy after that (a peer that does not read) is cut off so the rest of the drain can go on.
 */
const DRAIN_TIMEOUT_MS = 10_000;

/** The certificate clients get when they name no served domain (no SNI, or a bare IP). */
const FALLBACK_CERT_DOMAIN = 'localhost';

export interface XmppServerOptions {
  config: Pick<
    PlatformConfig & XmppConfig,
    | 'c2sPort'
    | 'c2sTlsPort'
    | 'bind'
    | 'contactAbuse'
    | 'contactSupport'
    | 'contactSecurity'
    | 'dataDir'
    | 'drainSeeOtherHost'
    | 'publicUrl'
    | 'uploadMaxFileBytes'
    | 'xmppModules'
  >;
  clock: Clock;
  logger: XmppLogger;
  database: DatabaseHandle;
  tenancy: TenancyPort;
  metrics?: CounterFactory;
  limits?: Partial<C2sLimits>;
  /** Shown by XEP-0092; `imhost start` passes the package version. */
  serverVersion?: string;
  /** The feature modules to load; all of them (src/xmpp/modules/index.ts) by default. */
  modules?: readonly XmppModule[];
  /** Shared with the API, so a certificate installed there reaches new connections at once. */
  certificates?: CertificateStore;
  /**
   * The durable scheduler, for the modules' recurring jobs and the usage jobs; only the process
   * that runs the server passes it (its jobs are defined once per scheduler).
   */
  jobs?: ModuleJobScheduler;
  /** Where usage goes (billing), by the usage jobs; flushed once more on stop. Needs `jobs`. */
  usageSink?: UsageSink;
  /** Where each host's figures go (monitoring), by a job every minute; flushed once more on stop. Needs `jobs`. */
  activitySink?: ActivitySink;
}

export interface XmppServer {
  start(): Promise<{ c2sPort: number; c2sTlsPort: number }>;
  stop(): Promise<void>;
  httpPlugin: FastifyPluginAsync;
  sessionsCount(): number;
  certificates: CertificateStore;
  compliance(): (XepClaim & { module: string })[];
  core: XmppCore;
  modules: ModuleManager;
  /** Bytes of finished XEP-0363 uploads per host id: what billing meters as storage. */
  storageBytesByHost(): Promise<Map<string, number>>;
  /** Bytes one host has in use against its upload quota (open slots included): the dashboard's figure. */
  uploadStoredBytes(hostId: string): Promise<number>;
  /** The group chat rooms (XEP-0045) of the muc module; undefined when it is not loaded. */
  chatRooms(): ChatRooms | undefined;
  /** One member's sessions, listed and ended from the dashboard. */
  memberSessions: MemberSessions;
  /** Usage counted for billing (the routing observer and the storage job), until a flush takes it. */
  usage: UsageMeter;
  /** Hands the usage counted so far to the sink (a no-op without one); resolves to the reports sent. */
  flushUsage(): Promise<number>;
  /** Members of a host whose logins the throttle slows down now (someone keeps guessing), most failures first. */
  throttledMembers(hostId: string): { username: string; failures: number }[];
  /** How far back the throttle remembers failures. */
  loginThrottleWindowMs: number;
  /** What each host's customer will see (sessions, logins, messages, latency), until a flush takes it. */
  activity: ActivityMeter;
  /** Hands the finished minutes (with `all`, every minute) to the activity sink; a no-op without one. */
  flushActivity(options?: { all: boolean }): Promise<void>;
}

interface Connection {
  readonly transport: 'tcp' | 'websocket';
  /** Finishes what was read, closes with `error`, and waits for the session's close handlers. */
  shutdown(error: StreamError): Promise<void>;
  abort(): void;
  readonly closed: Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server | undefined): Promise<void> {
  return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
}

/** Loads the modules; an option the operator got wrong is a configuration error naming it. */
function loadModules(
  modules: ModuleManager,
  list: readonly XmppModule[],
  config: XmppServerOptions['config'],
) {
  try {
    modules.loadAll(list, config.xmppModules);
  } catch (error) {
    if (error instanceof ModuleOptionError) throw new ConfigError(`xmppModules.${error.path}`, error.problem);
    throw error;
  }
}

export function createXmppServer(options: XmppServerOptions): XmppServer {
  const { config, clock, logger, database, tenancy } = options;
  const core = new XmppCore({
    directory: tenancy.directory,
    sessions: createLocalSessionRouter(),
    db: database.db,
    clock,
    logger,
    metrics: createXmppMetrics(options.metrics),
  });
  const certificates = options.certificates ?? createCertificateStore({ database, clock });
  const modules = new ModuleManager({
    core,
    config: { ...config, serverVersion: options.serverVersion ?? 'unknown' },
    db: database.db,
    ...(options.jobs && { jobs: options.jobs }),
    tenancyEvents: tenancy.events,
  });
  // Loaded now, not at start: their HTTP routes must be known when the HTTP server is built.
  loadModules(modules, options.modules ?? xmppModules, config);
  const storage = () => modules.service('storage-usage');
  const storageBytesByHost = async () => (await storage()?.storedBytesByHost()) ?? new Map<string, number>();
  const usage = reportUsage({
    observers: core.observers,
    clock,
    reporting: options.usageSink && options.jobs && { sink: options.usageSink, jobs: options.jobs },
    storedBytesByHost: storageBytesByHost,
  });
  const loginThrottle = new LoginThrottle(clock);
  const activity = reportActivity({
    core,
    clock,
    reporting: options.activitySink && options.jobs && { sink: options.activitySink, jobs: options.jobs },
    storedBytesByHost: storageBytesByHost,
  });
  const streamDeps: C2sStreamDeps = {
    core,
    sasl: createSaslAuthenticator({ directory: tenancy.directory, throttle: loginThrottle }),
    limits: { ...defaultC2sLimits, ...options.limits },
  };
  const connections = new Set<Connection>();
  let isDraining = false;
  /**
   * Where a session goes on shutdown: TCP clients to the other node when there is one (RFC 6120
   * §4.9.3.19), else a plain `<system-shutdown/>`. WebSocket clients reconnect to the same URL, so
   * the load balancer in front of the nodes picks another one for them.
   */
  const shutdownError = (connection: Connection) =>
    config.drainSeeOtherHost && connection.transport === 'tcp'
      ? new StreamError('see-other-host', { conditionText: config.drainSeeOtherHost })
      : new StreamError('system-shutdown', { text: 'the server is restarting' });
  const shutdown = (connection: Connection) =>
    connection.shutdown(shutdownError(connection)).then(() => connection.closed);
  const track = (connection: Connection) => {
    connections.add(connection);
    void connection.closed.then(() => connections.delete(connection));
    // A WebSocket upgrade that raced the shutdown gets the same answer as everyone else.
    if (isDraining) void shutdown(connection);
  };

  async function contextFor(domain: string) {
    const host = await core.hosts.find(domain);
    if (!host || host.status === 'terminated') return undefined;
    return certificates.contextFor(host.domain);
  }
  const listenerDeps = {
    streamDeps,
    contextFor,
    fallbackContext: () => certificates.contextFor(FALLBACK_CERT_DOMAIN),
    fallbackKeyPair: () => certificates.keyPairFor(FALLBACK_CERT_DOMAIN),
    onConnection: track,
  };

  let startTlsServer: Server | undefined;
  let directTlsServer: Server | undefined;
  let stopWatching: (() => void) | undefined;

  return {
    core,
    certificates,
    modules,
    httpPlugin: createXmppHttpPlugin({
      streamDeps,
      hosts: core.hosts,
      maxFrameBytes: POST_AUTH_STANZA_BYTES,
      onConnection: track,
      moduleRoutes: () => modules.httpRoutes(),
    }),
    sessionsCount: () => core.sessions.count(),
    compliance: () => modules.compliance(),
    storageBytesByHost,
    uploadStoredBytes: async (hostId) => (await storage()?.storedBytes(hostId)) ?? 0,
    chatRooms: () => modules.service('chat-rooms'),
    memberSessions: memberSessions(core),
    usage: usage.meter,
    flushUsage: usage.flush,
    throttledMembers: (hostId) => {
      const prefix = hostAccountsPrefix(hostId);
      return loginThrottle
        .accountsInSlowdown(prefix)
        .map(({ account, failures }) => ({ username: account.slice(prefix.length), failures }));
    },
    loginThrottleWindowMs: loginThrottle.limits.windowMs,
    activity: activity.meter,
    flushActivity: activity.flush,

    async start() {
      stopWatching = watchTenancy(core, tenancy.events, (domain) => {
        certificates
          .ensure(domain)
          .catch((error: unknown) => logger.error({ err: error, domain }, 'could not create a certificate'));
      });
      await modules.start();
      startTlsServer = createStartTlsServer(listenerDeps);
      directTlsServer = await createDirectTlsServer(listenerDeps);
      const c2sPort = await listen(startTlsServer, config.c2sPort, config.bind);
      const c2sTlsPort = await listen(directTlsServer, config.c2sTlsPort, config.bind);
      logger.info({ c2sPort, c2sTlsPort }, 'XMPP listening');
      return { c2sPort, c2sTlsPort };
    },

    async stop() {
      stopWatching?.();
      // Stop accepting first; then every session finishes what it had read and is told to go.
      isDraining = true;
      const closing = [closeServer(startTlsServer), closeServer(directTlsServer)];
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), DRAIN_TIMEOUT_MS);
      });
      const drained = await Promise.race([Promise.all([...connections].map(shutdown)), deadline]);
      clearTimeout(timer);
      if (drained === 'late') {
        logger.warn({ sessions: connections.size }, 'sessions did not close in time; cutting them off');
        for (const connection of connections) connection.abort();
      }
      await Promise.all(closing);
      core.iqRequests.cancelAll();
      await modules.unloadAll();
      // The last messages counted since the previous flush; a failure leaves them to the log.
      await usage
        .flush()
        .catch((error: unknown) =>
          logger.error({ err: error, pending: usage.meter.pending() }, 'could not flush usage at shutdown'),
        );
      await activity
        .flush({ all: true })
        .catch((error: unknown) => logger.warn({ err: error }, 'could not flush host activity at shutdown'));
    },
  };
}
export { renderComplianceTable } from './compliance-table.js';
export { meetsLevel, renderSuiteTable } from './compliance-suite.js';
export type { MemberSessionInfo, MemberSessions } from './member-sessions.js';
