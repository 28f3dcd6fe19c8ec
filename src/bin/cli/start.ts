import { loadConfig } from '../config.js';
import { cAllocator } from './allocator.js';
import { compose } from '../compose.js';
import { EXIT, type Output } from './output.js';

/**
 * `imhost start`: migrate, serve HTTP (dashboard, API, metrics), run the job scheduler, and on an
 * install without staff print the one-time link at which the operator creates the first admin.
 */
export async function start(out: Output, options: { backupBeforeMigrate: boolean }): Promise<number> {
  const config = loadConfig();
  const composed = await compose({
    config,
    backupBeforeMigrate: config.backupBeforeMigrate && options.backupBeforeMigrate,
  });
  const { ctx, app } = composed;

  if (!(await ctx.accounts.hasStaff())) {
    const token = await ctx.accounts.createSetupToken();
    const link = `${config.publicUrl}/setup?token=${encodeURIComponent(token)}`;
    // Printed, never logged: the token is a credential until it is used.
    process.stdout.write(
      `\nimhost has no administrator yet. Create the first one at:\n\n  ${link}\n\n` +
        `This link works once. Restarting imhost prints a new one until an administrator exists.\n\n`,
    );
  }

  ctx.platform.jobs.start();
  const address = await app.listen({ host: config.bind, port: config.httpPort });
  const xmppPorts = await composed.xmpp.start();
  const allocator = cAllocator();
  ctx.logger.info(
    { address, ...xmppPorts, database: ctx.database.description, clock: config.clock, allocator },
    'imhost started',
  );
  if (allocator === 'system' && process.env.IMHOST_ALLOCATOR !== 'system')
    ctx.logger.warn(
      'TCMalloc is not in use: each idle XMPP session costs about 40% more memory. Install it ' +
        '(apt-get install libtcmalloc-minimal4) and start imhost with bin/imhost or npm start, ' +
        'or set IMHOST_ALLOCATOR=system to silence this.',
    );
  out.info(
    `imhost ${ctx.version} is running: dashboard and API at ${config.publicUrl} (listening on ${address}); ` +
      `XMPP clients on port ${xmppPorts.c2sPort} (STARTTLS) and ${xmppPorts.c2sTlsPort} (direct TLS), ` +
      `WebSocket at ${config.publicUrl.replace(/^http/, 'ws')}/xmpp-websocket.`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.logger.info({ signal }, 'imhost stopping');
    await composed.close();
    process.exit(EXIT.ok);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return EXIT.ok;
}
