import type { FastifyInstance } from 'fastify';
import { createAccounts } from '../accounts/index.js';
import { buildApp } from '../api/app.js';
import type { ApiContext } from '../api/context.js';
import { SimulatedClock, systemClock, type Clock } from '../lib/clock.js';
import type { Config } from '../platform/config.js';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../platform/db/index.js';
import { createLogger, createPlatform } from '../platform/index.js';
import { createTenancy } from '../tenancy/index.js';
import { version } from './version.js';

/**
 * The composition root: builds every area from the configuration, once, and wires them together.
 * `imhost start`, the CLI commands and the integration tests all build the product through here,
 * so what is tested is what runs.
 */
export interface Composed {
  ctx: ApiContext;
  app: FastifyInstance;
  close(): Promise<void>;
}

export interface ComposeOptions {
  config: Config;
  /** Tests pass their own database (fresh, already migrated) and clock. */
  database?: DatabaseHandle;
  clock?: Clock;
  migrate?: boolean;
}

export function clockFor(config: Config): Clock {
  return config.clock === 'simulated' ? new SimulatedClock() : systemClock;
}

export async function compose(options: ComposeOptions): Promise<Composed> {
  const { config } = options;
  const logger = createLogger(config);
  const clock = options.clock ?? clockFor(config);
  const database = options.database ?? openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  if (options.migrate ?? true) await migrateToLatest(database.db);

  const platform = createPlatform({ config, clock, database, logger });
  const accounts = createAccounts({ config, clock, database, platform });
  const tenancy = createTenancy({ config, clock, database, platform });

  const ctx: ApiContext = { config, clock, database, logger, platform, accounts, tenancy, version };
  const app = await buildApp(ctx);

  return {
    ctx,
    app,
    async close() {
      await app.close();
      await platform.stop();
      if (!options.database) await database.close();
    },
  };
}
