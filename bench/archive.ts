/**
 * `npm run bench:archive [-- --rows N] [--sizes 50,500,2000,5000]`: the XEP-0313 archive's inserts
 * alone, on SQLite, for several commit sizes (rows per commit). Each size gets a fresh database with one host and 100 members; N messages
 * (default 100,000) between pairs of them, kept by both parties as the MAM module keeps them, go
 * through the archive repository in commits of that many rows (250 per statement, as the archive
 * writer does). Prints the process's CPU time per row (all threads, the checkpoint worker included)
 * and the bytes it wrote per row (WAL frames and the checkpoints' copies, from /proc/self/io).
 * This is what the writer's window buys: every commit rewrites a page of each owner index per user
 * it touches, so larger commits share those pages among more rows.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { monotonicIdSource } from '../src/lib/ids.js';
import { createArchiveRepository, type StoredMessage } from '../src/xmpp/modules/mam/archive.repository.js';
import { startTestApp } from '../test/support/app.js';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    sizes: { type: 'string', default: '50,500,2000,5000' },
  },
});
const ROWS = Number(args.rows);
const SIZES = args.sizes.split(',').map(Number);
const USERS = 100;
const DOMAIN = 'archive.bench.test';

/** Bytes this process has handed to write() and pwrite() so far. */
function bytesWritten(): number {
  return Number(/wchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? NaN);
}

async function measure(commitRows: number): Promise<void> {
  const app = await startTestApp('sqlite');
  try {
    const { ctx } = app;
    const { customer } = await ctx.accounts.signUp(
      { email: 'bench@bench.test', password: 'a long enough password', name: 'B', organization: 'B' },
      { ip: '127.0.0.1', userAgent: 'bench' },
    );
    const host = await ctx.tenancy.createHost({ customerId: customer.id, domain: DOMAIN });
    for (let i = 0; i < USERS; i++)
      await ctx.tenancy.addMember({ domain: DOMAIN, username: `user${i}`, password: 'bench password 1234' });
    const repository = createArchiveRepository(ctx.database.db);
    const nextId = monotonicIdSource(ctx.clock);
    const stanza = (n: number) =>
      `<message xmlns="jabber:client" type="chat" id="m${n}" to="user1@${DOMAIN}/r" from="user0@${DOMAIN}/r"><body>message number ${n} of the archive bench</body></message>`;
    const row = (n: number): StoredMessage => {
      const from = `user${n % USERS}`;
      const to = `user${(n + 1) % USERS}`;
      return {
        id: nextId('mam'),
        to_host_id: host.id,
        to_username: to,
        from_host_id: host.id,
        from_username: from,
        from_bare: `${from}@${DOMAIN}`,
        from_full: `${from}@${DOMAIN}/r`,
        to_bare: `${to}@${DOMAIN}`,
        to_full: `${to}@${DOMAIN}/r`,
        stanza: stanza(n),
        created_at: ctx.clock.now().toISOString(),
      };
    };
    const between = () => new Promise<void>((resolve) => setImmediate(resolve));
    const cpuBefore = process.cpuUsage();
    const bytesBefore = bytesWritten();
    for (let start = 0; start < ROWS; start += commitRows) {
      const rows = Array.from({ length: Math.min(commitRows, ROWS - start) }, (_, i) => row(start + i));
      await repository.insert(rows, { chunkRows: 250, between });
      app.clock.advance(commitRows); // a millisecond a row: ids and timestamps move on
    }
    const cpu = process.cpuUsage(cpuBefore);
    const microsPerRow = (cpu.user + cpu.system) / ROWS;
    const bytesPerRow = (bytesWritten() - bytesBefore) / ROWS;
    console.log(
      `commits of ${String(commitRows).padStart(5)} rows: ${microsPerRow.toFixed(1)} µs CPU per row (${(cpu.system / ROWS).toFixed(1)} in the kernel), ${(bytesPerRow / 1024).toFixed(1)} KiB written per row`,
    );
  } finally {
    await app.close();
  }
}

console.log(`archive inserts: ${ROWS} rows between ${USERS} members, both parties keeping each, SQLite`);
for (const size of SIZES) await measure(size);
