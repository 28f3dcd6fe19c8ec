/**
 * `npm run bench:xmpp`: login rate, message throughput with delivery latency, and memory per idle
 * session. By default against imhost in a child process (pinned to CPU 0 with taskset when there
 * are two CPUs; the load runs here, pinned to CPU 1). With `--target` against any server already
 * listening, e.g. Debian's Prosody or ejabberd (bench/peers/run-peer.sh), with identical load.
 * Also prints the server's CPU time per login and per message, which shared-machine noise distorts
 * far less than rates and latencies do. Prints the numbers; not part of the test suite.
 *
 *   --target host:port     an external server (default: start imhost)
 *   --domain d             its XMPP domain (required with --target)
 *   --password p           the password of every bench user (required with --target)
 *   --users N              users user0 … user<N-1> (default max(2 × pairs, 100))
 *   --register             create them first by XEP-0077 in-band registration
 *   --ca file.pem          trust this certificate (default with --target: accept any)
 *   --server-pid PID       the external server's process, for CPU time and RSS from /proc
 *   --phases list          any of logins,messages,muc,memory (default all but muc); measure memory on
 *                          a freshly started server, as servers keep memory of earlier sessions
 *   --profile-dir dir      imhost only: a CPU profile of the server per phase (<dir>/<phase>.cpuprofile);
 *                          summarise with bench/xmpp/profile-summary.ts
 *   --heap-dir dir         imhost only: heap snapshots before and after the idle sessions of the
 *                          memory phase; compare with bench/xmpp/heap-diff.ts
 *   --server-node-args=s   extra node flags for the imhost child (note the `=`)
 *   --tsx                  imhost only: run the server from its sources under tsx (default: compile
 *                          with tsc first, as `npm start` runs it; tsx inflates closures)
 *   --reuse-build          imhost only: run the previous tsc output without compiling again (for
 *                          several rounds of one sitting on unchanged code)
 *   --no-pin               do not pin anything
 *   --no-archive           imhost only: the bench host's plan keeps no message archive (retention 0
 *                          days), as the peers' configurations archive nothing; by default imhost
 *                          archives every message for both parties, as it does out of the box
 *
 * Environment (as before): BENCH_LOGINS (default 5000), BENCH_WARMUP_LOGINS (2000, an unmeasured round
 * before the login measurements), BENCH_LOGIN_CONCURRENCY (20),
 * BENCH_PAIRS (50), BENCH_IN_FLIGHT (10), BENCH_MESSAGES_PER_PAIR (400), BENCH_WARMUP_MESSAGES_PER_PAIR
 * (100, an unmeasured round before the measured one), BENCH_IDLE_SESSIONS (2000); imhost only,
 * BENCH_MAM_WRITE_DELAY_MS (the archive's write-behind window, default the module's). The muc phase:
 * BENCH_MUC_OCCUPANTS (100), BENCH_MUC_SENDERS (10), BENCH_MUC_IN_FLIGHT (2 per sender),
 * BENCH_MUC_MESSAGES_PER_SENDER (200), BENCH_MUC_WARMUP_PER_SENDER (50).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BenchClient } from './xmpp/bench-client.js';
import { describeTail } from './xmpp/tail-diagnostics.js';
import { runMucPhase } from './xmpp/muc-phase.js';
import {
  externalServer,
  startImhost,
  type ServerSample,
  type ServerUnderTest,
} from './xmpp/server-under-test.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const LOGINS = env('BENCH_LOGINS', 5000);
const WARMUP_LOGINS = env('BENCH_WARMUP_LOGINS', 2000);
const LOGIN_CONCURRENCY = env('BENCH_LOGIN_CONCURRENCY', 20);
const PAIRS = env('BENCH_PAIRS', 50);
const IN_FLIGHT = env('BENCH_IN_FLIGHT', 10);
const PER_PAIR = env('BENCH_MESSAGES_PER_PAIR', 400);
const WARMUP_PER_PAIR = env('BENCH_WARMUP_MESSAGES_PER_PAIR', 100);
const IDLE = env('BENCH_IDLE_SESSIONS', 2000);

const { values: args } = parseArgs({
  options: {
    target: { type: 'string' },
    domain: { type: 'string' },
    password: { type: 'string' },
    users: { type: 'string' },
    register: { type: 'boolean', default: false },
    ca: { type: 'string' },
    'server-pid': { type: 'string' },
    phases: { type: 'string', default: 'logins,messages,memory' },
    'server-node-args': { type: 'string', default: '' },
    'profile-dir': { type: 'string' },
    'heap-dir': { type: 'string' },
    'no-pin': { type: 'boolean', default: false },
    tsx: { type: 'boolean', default: false },
    'no-archive': { type: 'boolean', default: false },
    'reuse-build': { type: 'boolean', default: false },
  },
});
const phases = new Set(args.phases.split(','));
const users = Number(args.users ?? Math.max(PAIRS * 2, 100));

function canPin(): boolean {
  if (args['no-pin'] || os.cpus().length < 2) return false;
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function serverUnderTest(isPinned: boolean): Promise<ServerUnderTest> {
  if (args.target === undefined)
    return startImhost({
      users,
      nodeArgs: args['server-node-args'].split(' ').filter(Boolean),
      pinToCpu: isPinned ? 0 : undefined,
      isCompiled: !args.tsx,
      isArchiving: !args['no-archive'],
      reuseBuild: args['reuse-build'],
    });
  const [host, port] = args.target.split(':');
  if (!host || !port || !args.domain || !args.password)
    throw new Error('--target host:port needs --domain and --password');
  const pid = args['server-pid'] === undefined ? undefined : Number(args['server-pid']);
  const server = externalServer({
    name: `${args.domain} at ${args.target}`,
    target: {
      host,
      port: Number(port),
      domain: args.domain,
      password: args.password,
      ca: args.ca === undefined ? undefined : readFileSync(args.ca, 'utf8'),
    },
    users,
    pid,
  });
  if (args.register) {
    const started = performance.now();
    for (let i = 0; i < users; i++) await BenchClient.register(server.target, `user${i}`);
    console.log(`registered ${users} users in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return server;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const cpuPer = (before: ServerSample, after: ServerSample, count: number) =>
  Number.isNaN(before.cpuSeconds)
    ? 'server CPU unknown (no --server-pid)'
    : `server CPU ${(((after.cpuSeconds - before.cpuSeconds) * 1e6) / count).toFixed(0)} µs each (${(((after.systemSeconds - before.systemSeconds) * 1e6) / count).toFixed(0)} in the kernel)`;

/**
 * Profiles the server (imhost only, with --profile-dir) while `run` measures one phase, and
 * (imhost only) reports where its tail comes from: event-loop delay, GC pauses, archive batches.
 */
async function measured<T>(phase: string, run: () => Promise<T>): Promise<T> {
  const dir = args['profile-dir'];
  const stopTail = await server.tail?.();
  let stopProfile: ((file: string) => Promise<void>) | undefined;
  if (dir !== undefined && server.profile) {
    mkdirSync(dir, { recursive: true });
    stopProfile = await server.profile();
  }
  const result = await run();
  await stopProfile?.(path.join(dir!, `${phase}.cpuprofile`));
  if (stopTail) tails.set(phase, describeTail(await stopTail()));
  return result;
}
const tails = new Map<string, string>();

const isPinned = canPin();
if (isPinned) execFileSync('taskset', ['-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
const server = await serverUnderTest(isPinned);
const { target } = server;
console.log(
  `XMPP bench against ${server.name}: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), node ${process.version}, load ${isPinned ? 'pinned to CPU 1' : 'not pinned'}${args.target === undefined && isPinned ? ', server pinned to CPU 0' : ''}; load average ${os.loadavg()[0]!.toFixed(1)}`,
);

// 1. Unloaded login latency, then login rate with concurrency, both after an unmeasured round: a
// server that has run for a while is what users meet, and Node's JIT needs a few thousand logins to
// settle (the first 1,000 cost imhost about twice the CPU of later ones).
if (phases.has('logins')) {
  /** `count` logins, LOGIN_CONCURRENCY at a time, each closed once bound. */
  const loginBurst = async (count: number, resourcePrefix: string) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: LOGIN_CONCURRENCY }, async () => {
        while (next < count) {
          const i = next++;
          (await BenchClient.login(target, `user${i % server.users}`, `${resourcePrefix}${i}`)).close();
        }
      }),
    );
  };
  await loginBurst(WARMUP_LOGINS, 'w');

  const single: number[] = [];
  for (let i = 0; i < 50; i++) {
    const start = performance.now();
    (await BenchClient.login(target, `user${i % server.users}`, `solo${i}`)).close();
    single.push(performance.now() - start);
  }
  single.sort((a, b) => a - b);
  console.log(
    `login (STARTTLS + SCRAM-SHA-1 + bind), unloaded, after ${WARMUP_LOGINS} unmeasured: p50 ${ms(percentile(single, 50))}, p99 ${ms(percentile(single, 99))}`,
  );

  const before = await server.sample();
  const started = performance.now();
  await measured('logins', () => loginBurst(LOGINS, 'r'));
  const loginSeconds = (performance.now() - started) / 1000;
  const after = await server.sample();
  console.log(
    `login rate: ${(LOGINS / loginSeconds).toFixed(0)} logins/s (${LOGINS} logins, concurrency ${LOGIN_CONCURRENCY}); ${cpuPer(before, after, LOGINS)}`,
  );
  if (tails.has('logins')) console.log(`  ${tails.get('logins')}`);
}

// 2. Message throughput and delivery latency: PAIRS pairs, IN_FLIGHT messages in flight per pair.
if (phases.has('messages')) {
  const pairs = await Promise.all(
    Array.from({ length: PAIRS }, async (_, p) => ({
      sender: await BenchClient.login(target, `user${2 * p}`, 'send'),
      receiver: await BenchClient.login(target, `user${2 * p + 1}`, 'recv'),
      p,
    })),
  );

  /** PAIRS pairs, each keeping IN_FLIGHT messages in flight until `perPair` have arrived. */
  const exchange = (perPair: number, latencies: number[]) =>
    new Promise<void>((done) => {
      const total = PAIRS * perPair;
      let received = 0;
      for (const { sender, receiver, p } of pairs) {
        let sent = 0;
        const to = `user${2 * p + 1}@${target.domain}/recv`;
        const sendOne = () => {
          sent++;
          sender.send(`<message type='chat' to='${to}'><body>${performance.now()}</body></message>`);
        };
        receiver.onMessage = (body) => {
          latencies.push(performance.now() - Number(body));
          received++;
          if (sent < perPair) sendOne();
          if (received === total) done();
        };
        for (let i = 0; i < IN_FLIGHT; i++) sendOne();
      }
    });

  // An unmeasured round first, the same for every server: a server that compiles its code as it
  // runs (V8's JIT) would otherwise spend the measured round's first tenth of a second warming up.
  if (WARMUP_PER_PAIR > 0) await exchange(WARMUP_PER_PAIR, []);
  const latencies: number[] = [];
  const total = PAIRS * PER_PAIR;
  const before = await server.sample();
  const msgStart = performance.now();
  await measured('messages', () => exchange(PER_PAIR, latencies));
  const msgSeconds = (performance.now() - msgStart) / 1000;
  const after = await server.sample();
  latencies.sort((a, b) => a - b);
  console.log(
    `messages: ${(total / msgSeconds).toFixed(0)} messages/s (${PAIRS} pairs, ${IN_FLIGHT} in flight each, ${total} messages after ${PAIRS * WARMUP_PER_PAIR} unmeasured, ${total - latencies.length} lost); delivery p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}; ${cpuPer(before, after, total)}`,
  );
  console.log(
    `  delivery histogram: p90 ${ms(percentile(latencies, 90))}, p99 ${ms(percentile(latencies, 99))}, p99.9 ${ms(percentile(latencies, 99.9))}, max ${ms(latencies[latencies.length - 1] ?? NaN)}`,
  );
  if (tails.has('messages')) console.log(`  ${tails.get('messages')}`);
  for (const { sender, receiver } of pairs) {
    sender.close();
    receiver.close();
  }
}

// 2b. Group chat fan-out: one room of BENCH_MUC_OCCUPANTS, BENCH_MUC_SENDERS of them talking.
if (phases.has('muc')) {
  const before = await server.sample();
  const result = await runMucPhase(
    target,
    (username, resource) => BenchClient.login(target, username, resource),
    {
      occupants: env('BENCH_MUC_OCCUPANTS', 100),
      senders: env('BENCH_MUC_SENDERS', 10),
      inFlight: env('BENCH_MUC_IN_FLIGHT', 2),
      perSender: env('BENCH_MUC_MESSAGES_PER_SENDER', 200),
      warmupPerSender: env('BENCH_MUC_WARMUP_PER_SENDER', 50),
    },
    (run) => measured('muc', run),
  );
  const after = await server.sample();
  const { latencies } = result;
  console.log(
    `muc: ${(result.messages / result.seconds).toFixed(0)} room messages/s, ${(result.deliveries / result.seconds).toFixed(0)} deliveries/s (${result.deliveries} deliveries of ${result.messages} messages, ${result.deliveries - latencies.length} lost); delivery p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}; ${cpuPer(before, after, result.messages)} per room message`,
  );
}

// 3. Memory per idle authenticated session.
if (phases.has('memory')) {
  let baseline = await server.sample();
  // imhost: wait until the earlier phases' sessions are gone, so the baseline holds none of them.
  while ((baseline.sessions ?? 0) > 0) baseline = await server.sample();
  const heapDir = args['heap-dir'];
  if (heapDir !== undefined) mkdirSync(heapDir, { recursive: true });
  if (heapDir !== undefined) await server.heapSnapshot?.(path.join(heapDir, 'before.heapsnapshot'));
  const idle: BenchClient[] = [];
  for (let batch = 0; batch < IDLE; batch += 50)
    idle.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(50, IDLE - batch) }, (_, i) =>
          BenchClient.login(target, `user${(batch + i) % server.users}`, `idle${batch + i}`),
        ),
      )),
    );
  const loaded = await server.sample();
  if (heapDir !== undefined) await server.heapSnapshot?.(path.join(heapDir, 'after.heapsnapshot'));
  const sessions = (loaded.sessions ?? idle.length) - (baseline.sessions ?? 0);
  const perSession = (bytes: number) => `${(bytes / sessions / 1024).toFixed(1)} KiB`;
  const heap =
    loaded.heapBytes === undefined ? '' : `heap ${perSession(loaded.heapBytes - baseline.heapBytes!)}, `;
  console.log(
    `memory per idle session (${sessions} sessions): ${heap}RSS ${Number.isNaN(loaded.rssBytes) ? 'unknown (no --server-pid)' : perSession(loaded.rssBytes - baseline.rssBytes)}`,
  );
  for (const client of idle) client.close();
}
server.stop();
