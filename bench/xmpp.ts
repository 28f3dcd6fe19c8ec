/**
 * `npm run bench:xmpp`: login rate, message throughput with delivery latency, and memory per idle
 * session, against a server in a child process (pinned to CPU 0 with taskset when available; the
 * load runs here, pinned to CPU 1). Prints the numbers; not part of the test suite.
 *
 * Environment: BENCH_LOGINS (default 1000), BENCH_LOGIN_CONCURRENCY (20), BENCH_PAIRS (50),
 * BENCH_IN_FLIGHT (10), BENCH_MESSAGES_PER_PAIR (400), BENCH_IDLE_SESSIONS (2000).
 */
import { execFileSync, fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { BenchClient, type BenchTarget } from './xmpp/bench-client.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const LOGINS = env('BENCH_LOGINS', 1000);
const LOGIN_CONCURRENCY = env('BENCH_LOGIN_CONCURRENCY', 20);
const PAIRS = env('BENCH_PAIRS', 50);
const IN_FLIGHT = env('BENCH_IN_FLIGHT', 10);
const PER_PAIR = env('BENCH_MESSAGES_PER_PAIR', 400);
const IDLE = env('BENCH_IDLE_SESSIONS', 2000);

interface Ready extends BenchTarget {
  c2sPort: number;
  users: number;
  certPem: string;
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return os.cpus().length > 1;
  } catch {
    return false;
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const ms = (n: number) => `${n.toFixed(1)} ms`;

const pinned = hasTaskset();
if (pinned) execFileSync('taskset', ['-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
const serverScript = path.join(import.meta.dirname, 'xmpp', 'server-process.ts');
const server = fork(serverScript, [], {
  execArgv: ['--import', 'tsx', '--expose-gc'],
  env: { ...process.env, IMHOST_LOG_LEVEL: 'silent', BENCH_USERS: String(Math.max(PAIRS * 2, 100)) },
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const ready = await new Promise<Ready>((resolve) =>
  server.on('message', (m: { type: string } & Ready) => m.type === 'ready' && resolve(m)),
);
if (pinned) execFileSync('taskset', ['-p', '-c', '0', String(server.pid)], { stdio: 'ignore' });
const target: BenchTarget = {
  port: ready.c2sPort,
  domain: ready.domain,
  password: ready.password,
  ca: ready.certPem,
};
console.log(
  `imhost XMPP bench: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), node ${process.version}, server ${pinned ? 'pinned to CPU 0, load on CPU 1' : 'not pinned (no taskset)'}`,
);

// 1. Unloaded login latency, then login rate with concurrency.
const single: number[] = [];
for (let i = 0; i < 50; i++) {
  const start = performance.now();
  (await BenchClient.login(target, `user${i % ready.users}`, `solo${i}`)).close();
  single.push(performance.now() - start);
}
single.sort((a, b) => a - b);
console.log(
  `login (STARTTLS + SCRAM-SHA-1 + bind), unloaded: p50 ${ms(percentile(single, 50))}, p99 ${ms(percentile(single, 99))}`,
);

let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: LOGIN_CONCURRENCY }, async () => {
    while (next < LOGINS) {
      const i = next++;
      (await BenchClient.login(target, `user${i % ready.users}`, `r${i}`)).close();
    }
  }),
);
const loginSeconds = (performance.now() - started) / 1000;
console.log(
  `login rate: ${(LOGINS / loginSeconds).toFixed(0)} logins/s (${LOGINS} logins, concurrency ${LOGIN_CONCURRENCY})`,
);

// 2. Message throughput and delivery latency: PAIRS pairs, IN_FLIGHT messages in flight per pair.
const latencies: number[] = [];
let received = 0;
const total = PAIRS * PER_PAIR;
const pairs = await Promise.all(
  Array.from({ length: PAIRS }, async (_, p) => ({
    sender: await BenchClient.login(target, `user${2 * p}`, 'send'),
    receiver: await BenchClient.login(target, `user${2 * p + 1}`, 'recv'),
    p,
  })),
);
const msgStart = performance.now();
await new Promise<void>((done) => {
  for (const { sender, receiver, p } of pairs) {
    let sent = 0;
    const to = `user${2 * p + 1}@${ready.domain}/recv`;
    const sendOne = () => {
      sent++;
      sender.send(`<message type='chat' to='${to}'><body>${performance.now()}</body></message>`);
    };
    receiver.onMessage = (body) => {
      latencies.push(performance.now() - Number(body));
      received++;
      if (sent < PER_PAIR) sendOne();
      if (received === total) done();
    };
    for (let i = 0; i < IN_FLIGHT; i++) sendOne();
  }
});
const msgSeconds = (performance.now() - msgStart) / 1000;
latencies.sort((a, b) => a - b);
console.log(
  `messages: ${(total / msgSeconds).toFixed(0)} messages/s (${PAIRS} pairs, ${IN_FLIGHT} in flight each, ${total} messages, ${total - received} lost); delivery p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}`,
);
for (const { sender, receiver } of pairs) {
  sender.close();
  receiver.close();
}

// 3. Memory per idle authenticated session.
const memory = () =>
  new Promise<{ heapUsed: number; rss: number; sessions: number }>((resolve) => {
    server.once('message', (m: { type: string; heapUsed: number; rss: number; sessions: number }) =>
      resolve(m),
    );
    server.send({ type: 'memory' });
  });
// Wait until the message phase's sessions are gone, so the baseline holds none of them.
let baseline = await memory();
while (baseline.sessions > 0) baseline = await memory();
const idle: BenchClient[] = [];
for (let batch = 0; batch < IDLE; batch += 50)
  idle.push(
    ...(await Promise.all(
      Array.from({ length: Math.min(50, IDLE - batch) }, (_, i) =>
        BenchClient.login(target, `user${(batch + i) % ready.users}`, `idle${batch + i}`),
      ),
    )),
  );
const loaded = await memory();
const perSession = (bytes: number) =>
  `${(bytes / (loaded.sessions - baseline.sessions) / 1024).toFixed(1)} KiB`;
console.log(
  `memory per idle session (${loaded.sessions - baseline.sessions} sessions): heap ${perSession(loaded.heapUsed - baseline.heapUsed)}, RSS ${perSession(loaded.rss - baseline.rss)}`,
);
for (const client of idle) client.close();
server.disconnect();
