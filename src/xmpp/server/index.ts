/**
 * The XMPP server as `imhost start` runs it: the core, the feature modules, the two TCP listeners
 * and the HTTP plugin (WebSocket + XEP-0156), wired to tenancy and the certificate store.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:net';
import type { FastifyPluginAsync } from 'fastify';
import type { Clock } from '../../lib/clock.js';
import type { Config } from '../../platform/config.js';
import type { DatabaseHandle } from '../../platform/db/index.js';
import { createCertificateStore, type CertificateStore } from '../../platform/tls/index.js';
import { LoginThrottle } from '../../lib/login-throttle.js';
import { createSaslAuthenticator } from '../auth/index.js';
import {
  createLocalSessionRouter,
  createXmppMetrics,
  defaultC2sLimits,
  ModuleManager,
  watchTenancy,
  XmppCore,
  type C2sLimits,
  type C2sStreamDeps,
  type CounterFactory,
  type TenancyPort,
  type XepClaim,
  type XmppLogger,
  type XmppModule,
} from '../core/index.js';
import { POST_AUTH_STANZA_BYTES } from '../stanza/index.js';
import { createUploadService, uploadsRoot } from '../modules/upload/index.js';
import { createDirectTlsServer, createStartTlsServer, createXmppHttpPlugin } from '../transports/index.js';
import { defaultModules } from './modules.js';
import { reportUsage, type UsageReporting } from './usage-reporting.js';

/** The certificate clients get when they name no served domain (no SNI, or a bare IP). */
const FALLBACK_CERT_DOMAIN = 'localhost';

export interface XmppServerOptions {
  config: Pick<
    Config,
    | 'c2sPort'
    | 'c2sTlsPort'
    | 'bind'
    | 'contactAbuse'
    | 'contactSupport'
    | 'contactSecurity'
    | 'dataDir'
    | 'publicUrl'
    | 'uploadMaxFileBytes'
  >;
  clock: Clock;
  logger: XmppLogger;
  database: DatabaseHandle;
  tenancy: TenancyPort;
  metrics?: CounterFactory;
  limits?: Partial<C2sLimits>;
  /** Shown by XEP-0092; `imhost start` passes the package version. */
  serverVersion?: string;
  modules?: readonly XmppModule[];
  /** Per-module option overrides, e.g. `{ offline: { maxPerUser: 10 } }`. */
  moduleOptions?: Record<string, Record<string, number>>;
  /** Shared with the API, so a certificate installed there reaches new connections at once. */
  certificates?: CertificateStore;
  /** Where usage goes, by durable recurring jobs (see usage-reporting.ts); flushed once more on stop. */
  usage?: UsageReporting;
}

export interface XmppServer {
  start(): Promise<{ c2sPort: number; c2sTlsPort: number }>;
  stop(): Promise<void>;
  httpPlugin: FastifyPluginAsync;
  sessionsCount(): number;
  certificates: CertificateStore;
  compliance(): (XepClaim & { module: string })[];
  core: XmppCore;
  /** Bytes of finished XEP-0363 uploads per host id: what billing meters as storage. */
  storageBytesByHost(): Promise<Map<string, number>>;
  /** Bytes one host has in use against its upload quota (open slots included): the dashboard's figure. */
  uploadStoredBytes(hostId: string): Promise<number>;
  /** Hands the usage counted so far to the sink (a no-op without one); resolves to the reports sent. */
  flushUsage(): Promise<number>;
}

interface Connection {
  shutdown(): void;
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
  const modules = new ModuleManager(core);
  const uploads = createUploadService({
    db: database.db,
    clock,
    logger,
    directory: tenancy.directory,
    root: uploadsRoot(config.dataDir),
    publicUrl: config.publicUrl,
    maxFileBytes: config.uploadMaxFileBytes,
  });
  const flushUsage = reportUsage(core, options.usage, () => uploads.storageBytesByHost());
  const streamDeps: C2sStreamDeps = {
    core,
    sasl: createSaslAuthenticator({ directory: tenancy.directory, throttle: new LoginThrottle(clock) }),
    limits: { ...defaultC2sLimits, ...options.limits },
  };
  const connections = new Set<Connection>();
  const track = (connection: Connection) => {
    connections.add(connection);
    void connection.closed.then(() => connections.delete(connection));
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
  let stopUploadWatch: (() => void) | undefined;

  return {
    core,
    certificates,
    httpPlugin: createXmppHttpPlugin({
      streamDeps,
      hosts: core.hosts,
      maxFrameBytes: POST_AUTH_STANZA_BYTES,
      onConnection: track,
      uploads,
    }),
    sessionsCount: () => core.sessions.count(),
    compliance: () => modules.compliance(),
    storageBytesByHost: () => uploads.storageBytesByHost(),
    uploadStoredBytes: (hostId) => uploads.storedBytes(hostId),
    flushUsage,

    async start() {
      const list =
        options.modules ??
        defaultModules({ contacts: config, serverVersion: options.serverVersion ?? 'unknown', uploads });
      for (const module of list) modules.load(module, options.moduleOptions?.[module.name]);
      stopWatching = watchTenancy(core, tenancy.events, (domain) => {
        certificates
          .ensure(domain)
          .catch((error: unknown) => logger.error({ err: error, domain }, 'could not create a certificate'));
      });
      stopUploadWatch = uploads.watch(tenancy.events);
      await uploads
        .sweep()
        .catch((error: unknown) => logger.error({ err: error }, 'could not sweep uploaded files'));
      startTlsServer = createStartTlsServer(listenerDeps);
      directTlsServer = await createDirectTlsServer(listenerDeps);
      const c2sPort = await listen(startTlsServer, config.c2sPort, config.bind);
      const c2sTlsPort = await listen(directTlsServer, config.c2sTlsPort, config.bind);
      logger.info({ c2sPort, c2sTlsPort }, 'XMPP listening');
      return { c2sPort, c2sTlsPort };
    },

    async stop() {
      stopWatching?.();
      stopUploadWatch?.();
      const closing = [closeServer(startTlsServer), closeServer(directTlsServer)];
      for (const connection of connections) connection.shutdown();
      await Promise.all([...connections].map((c) => c.closed));
      await Promise.all(closing);
      core.iqRequests.cancelAll();
      await modules.unloadAll();
      // The last messages counted since the previous flush; a failure leaves them to the log.
      await flushUsage().catch((error: unknown) =>
        logger.error({ err: error, pending: core.usage.pending() }, 'could not flush usage at shutdown'),
      );
    },
  };
}
export { renderComplianceTable } from './compliance-table.js';
