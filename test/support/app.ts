import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { compose, type Composed } from '../../src/bin/compose.js';
import type { ApiContext } from '../../src/api/context.js';
import { SimulatedClock } from '../../src/lib/clock.js';
import { startDnsServer } from './dns-server.js';
import { loadConfig, type Config } from '../../src/bin/config.js';
import type { Dialect } from '../../src/platform/db/index.js';
import type { XmppServer } from '../../src/xmpp/server/index.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

export interface TestApp {
  app: FastifyInstance;
  ctx: ApiContext;
  clock: SimulatedClock;
  database: TestDatabase;
  config: Config;
  /** Built but not listening; `start()` opens its TCP listeners on random ports. */
  xmpp: XmppServer;
  close(): Promise<void>;
}

/**
 * The whole product on a fresh database with a simulated clock, built by the same composition root
 * as `imhost start`. Use `app.inject()` for API calls, or `app.listen({ port: 0 })` for real sockets.
 */
export async function startTestApp(
  dialect: Dialect,
  env: Record<string, string> = {},
  options: { logDestination?: DestinationStream } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(dialect);
  // The machine's own resolver may be slow or unreachable (CI has no outside network): unless the
  // test brings its own, a DNS server on loopback answers every name with no records, at once.
  const quietDns = env.IMHOST_DNS_SERVERS === undefined ? await startDnsServer() : undefined;
  const config = loadConfig({
    IMHOST_DATA_DIR: database.dataDir,
    IMHOST_LOG_LEVEL: 'silent',
    IMHOST_STAFF_2FA: 'optional',
    IMHOST_CLOCK: 'simulated',
    IMHOST_PUBLIC_URL: 'http://imhost.test',
    IMHOST_BIND: '127.0.0.1',
    IMHOST_HTTP_PORT: '0',
    IMHOST_C2S_PORT: '0',
    IMHOST_C2S_TLS_PORT: '0',
    ...(quietDns && { IMHOST_DNS_SERVERS: quietDns.address }),
    ...env,
  });
  const clock = new SimulatedClock(new Date('2026-01-15T10:00:00Z'));
  let composed: Composed;
  try {
    composed = await compose({ config, database, clock, migrate: false, ...options });
  } catch (error) {
    await database.close();
    await quietDns?.close();
    throw error;
  }
  return {
    app: composed.app,
    ctx: composed.ctx,
    clock,
    database,
    config,
    xmpp: composed.xmpp,
    async close() {
      await composed.close();
      await database.close();
      await quietDns?.close();
    },
  };
}
