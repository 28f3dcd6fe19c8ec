/**
 * The server side of `npm run bench:xmpp`, in its own process so it can be pinned to one core
 * while the load runs on the other. It creates the bench host and users, then reports its ports
 * and the host certificate on stdout, and answers memory questions over IPC. It also profiles the
 * CPU on request (one profile per bench phase, without the start-up that builds the users).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { cAllocator } from '../../src/bin/cli/allocator.js';
import { createXmppServer } from '../../src/xmpp/server/index.js';
import { startTestApp } from '../../test/support/app.js';
import { startTailDiagnostics, type TailSummary } from './tail-diagnostics.js';

const DOMAIN = 'bench.example.test';
const users = Number(process.env.BENCH_USERS ?? '200');
const password = 'bench password 1234';

const app = await startTestApp(process.env.IMHOST_TEST_DATABASE_URL ? 'postgres' : 'sqlite');
const { ctx } = app;
const { customer } = await ctx.accounts.signUp(
  { email: 'bench@bench.test', password: 'a long enough password', name: 'Bench', organization: 'Bench' },
  { ip: '127.0.0.1', userAgent: 'bench' },
);
const host = await ctx.tenancy.createHost({ customerId: customer.id, domain: DOMAIN });
// --no-archive: a plan whose archive keeps nothing, which imhost then does not write at all.
if (process.env.BENCH_ARCHIVE === 'off')
  await ctx.tenancy.hosts.setEntitlements(host.id, {
    maxMembers: users + 1,
    uploadQuotaMb: 0,
    archiveRetentionDays: 0,
    customDomain: true,
  });
for (let i = 0; i < users; i++)
  await ctx.tenancy.addMember({ domain: DOMAIN, username: `user${i}`, password });
// BENCH_MAM_WRITE_DELAY_MS: the archive's write-behind window, to compare settings.
const writeDelayMs = process.env.BENCH_MAM_WRITE_DELAY_MS;
const xmpp = createXmppServer({
  config: writeDelayMs
    ? {
        ...app.config,
        xmppModules: { ...app.config.xmppModules, mam: { writeDelayMs: Number(writeDelayMs) } },
      }
    : app.config,
  clock: ctx.clock,
  logger: ctx.logger,
  database: ctx.database,
  tenancy: ctx.tenancy,
  limits: { maxSessionsPerUser: 100_000, bytesPerSecond: 64 * 1024 * 1024, burstBytes: 64 * 1024 * 1024 },
});
const ports = await xmpp.start();
const certPem = (await xmpp.certificates.ensure(DOMAIN)).certPem;

const inspector = new Session();
inspector.connect();

let stopTail: (() => TailSummary) | undefined;

process.on('message', async (message: { type: string; file?: string }) => {
  if (message.type === 'tail-start') {
    stopTail = startTailDiagnostics();
    process.send!({ type: 'tail-started' });
    return;
  }
  if (message.type === 'tail-stop') {
    process.send!({ type: 'tail', summary: stopTail?.() });
    stopTail = undefined;
    return;
  }
  if (message.type === 'profile-start') {
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.setSamplingInterval', { interval: 200 });
    await inspector.post('Profiler.start');
    process.send!({ type: 'profile-started' });
    return;
  }
  if (message.type === 'profile-stop') {
    const { profile } = await inspector.post('Profiler.stop');
    writeFileSync(message.file!, JSON.stringify(profile));
    process.send!({ type: 'profile-stopped' });
    return;
  }
  if (message.type === 'heap-snapshot') {
    globalThis.gc?.();
    const chunks: string[] = [];
    const collect = (m: { params: { chunk: string } }) => chunks.push(m.params.chunk);
    inspector.on('HeapProfiler.addHeapSnapshotChunk', collect);
    await inspector.post('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    inspector.off('HeapProfiler.addHeapSnapshotChunk', collect);
    writeFileSync(message.file!, chunks.join(''));
    process.send!({ type: 'heap-snapshot-taken' });
    return;
  }
  if (message.type !== 'memory') return;
  globalThis.gc?.();
  process.send!({
    type: 'memory',
    heapUsed: process.memoryUsage().heapUsed,
    rss: process.memoryUsage().rss,
    sessions: xmpp.sessionsCount(),
  });
});
process.on('disconnect', () => {
  void xmpp
    .stop()
    .then(() => app.close())
    .then(() => process.exit(0));
});
process.send!({ type: 'ready', ...ports, domain: DOMAIN, password, users, certPem, allocator: cAllocator() });
