/**
 * The server the XMPP bench measures: imhost in a child process, or an external server (Prosody,
 * ejabberd, another imhost) already listening. CPU time and RSS come from /proc for both, so the
 * figures mean the same thing whatever the server is written in; imhost also reports its heap.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchTarget } from './bench-client.js';
import type { TailSummary } from './tail-diagnostics.js';

export interface ServerSample {
  /** User + system CPU seconds of the whole server process (all threads). */
  cpuSeconds: number;
  /** The system (kernel) part of cpuSeconds: sockets, TLS records' syscalls, file writes. */
  systemSeconds: number;
  rssBytes: number;
  /** imhost only: the V8 heap after a full GC. */
  heapBytes?: number;
  /** imhost only: bound sessions right now. */
  sessions?: number;
}

export interface ServerUnderTest {
  readonly name: string;
  readonly target: BenchTarget;
  /** Users `<prefix>0` … `<prefix>N-1` exist with the target's password. */
  readonly users: number;
  readonly pid: number | undefined;
  sample(): Promise<ServerSample>;
  /** imhost only: CPU-profiles the server from now until the returned function is called. */
  profile?(): Promise<(file: string) => Promise<void>>;
  /** imhost only: event-loop delay, GC pauses and archive batches from now until the returned function is called. */
  tail?(): Promise<() => Promise<TailSummary>>;
  /** imhost only: writes a V8 heap snapshot (after a full GC). */
  heapSnapshot?(file: string): Promise<void>;
  stop(): void;
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export function procSample(pid: number): ServerSample {
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the line.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  const systemSeconds = Number(fields[12]) / CLOCK_TICKS;
  const rssKb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return { cpuSeconds, systemSeconds, rssBytes: Number(rssKb ?? NaN) * 1024 };
}

interface ImhostReady {
  type: 'ready';
  c2sPort: number;
  domain: string;
  password: string;
  users: number;
  certPem: string;
  allocator: string;
}

const REPO = path.join(import.meta.dirname, '..', '..');
const COMPILED_DIR = path.join(REPO, 'dist', 'bench-build');
const WITH_ALLOCATOR = path.join(REPO, 'bin', 'with-allocator');

/**
 * The server script, compiled by tsc as `npm start` runs the product. Under tsx every named
 * function gets its name set by esbuild's keepNames (`__name`), which turns each closure's
 * properties into a dictionary (+256 bytes per closure, and a call per closure created): the
 * figures would describe tsx, not imhost.
 */
function compiledServerScript(reuseBuild: boolean): string {
  const script = path.join(COMPILED_DIR, 'bench', 'xmpp', 'server-process.js');
  if (reuseBuild && existsSync(script)) return script;
  try {
    execFileSync(
      process.execPath,
      [
        path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'),
        '-p',
        path.join(REPO, 'tsconfig.json'),
        '--noEmit',
        'false',
        '--sourceMap',
        'false',
        '--outDir',
        COMPILED_DIR,
      ],
      { stdio: 'inherit' },
    );
  } catch (error) {
    // tsc still writes its output when a file elsewhere in the tree has a type error.
    if (!existsSync(script)) throw error;
    console.warn('tsc reported errors (above); benchmarking its output anyway');
  }
  return script;
}

/** imhost in a child process, optionally with extra node flags (`--cpu-prof` for a profile). */
export async function startImhost(options: {
  users: number;
  nodeArgs: string[];
  pinToCpu: number | undefined;
  /** Run the tsc output instead of the sources under tsx (see compiledServerScript). */
  isCompiled: boolean;
  /** Whether the bench host's plan keeps a message archive (the default, as out of the box). */
  isArchiving: boolean;
  /** Run the previous tsc output as it is (rounds of one sitting on the same code). */
  reuseBuild?: boolean;
}): Promise<ServerUnderTest> {
  const script = options.isCompiled
    ? compiledServerScript(options.reuseBuild ?? false)
    : path.join(import.meta.dirname, 'server-process.ts');
  // Through the launcher bin/imhost uses, so the server runs on the C allocator the product would.
  const nodeArgs = [...(options.isCompiled ? [] : ['--import', 'tsx']), '--expose-gc', ...options.nodeArgs];
  const child: ChildProcess = spawn(WITH_ALLOCATOR, [process.execPath, ...nodeArgs, script], {
    env: {
      ...process.env,
      IMHOST_LOG_LEVEL: 'silent',
      BENCH_USERS: String(options.users),
      BENCH_ARCHIVE: options.isArchiving ? 'on' : 'off',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<ImhostReady>((resolve, reject) => {
    child.on('message', (m: { type: string }) => m.type === 'ready' && resolve(m as ImhostReady));
    child.once('exit', (code) => reject(new Error(`the imhost bench server exited (${code})`)));
  });
  if (options.pinToCpu !== undefined)
    execFileSync('taskset', ['-a', '-p', '-c', String(options.pinToCpu), String(child.pid)], {
      stdio: 'ignore',
    });
  const ask = <T>(question: { type: string; file?: string }, answer: string) =>
    new Promise<T>((resolve) => {
      const onMessage = (m: { type: string }) => {
        if (m.type !== answer) return;
        child.off('message', onMessage);
        resolve(m as T);
      };
      child.on('message', onMessage);
      child.send(question);
    });
  return {
    name:
      `imhost (${options.isCompiled ? 'tsc output' : 'sources under tsx'}, C allocator: ${ready.allocator}` +
      `${options.isArchiving ? '' : ', no message archive'})`,
    target: {
      host: '127.0.0.1',
      port: ready.c2sPort,
      domain: ready.domain,
      password: ready.password,
      ca: ready.certPem,
    },
    users: ready.users,
    pid: child.pid,
    async sample() {
      const { heapUsed, sessions } = await ask<{ heapUsed: number; sessions: number }>(
        { type: 'memory' },
        'memory',
      );
      return { ...procSample(child.pid!), heapBytes: heapUsed, sessions };
    },
    async heapSnapshot(file) {
      await ask({ type: 'heap-snapshot', file }, 'heap-snapshot-taken');
    },
    async tail() {
      await ask({ type: 'tail-start' }, 'tail-started');
      return async () => (await ask<{ summary: TailSummary }>({ type: 'tail-stop' }, 'tail')).summary;
    },
    async profile() {
      await ask({ type: 'profile-start' }, 'profile-started');
      return async (file) => {
        await ask({ type: 'profile-stop', file }, 'profile-stopped');
      };
    },
    stop: () => child.disconnect(),
  };
}

/** A server someone else started; with its pid the bench also reports its CPU time and RSS. */
export function externalServer(options: {
  name: string;
  target: BenchTarget;
  users: number;
  pid: number | undefined;
}): ServerUnderTest {
  const { pid } = options;
  return {
    name: options.name,
    target: options.target,
    users: options.users,
    pid,
    sample: async () =>
      pid === undefined ? { cpuSeconds: NaN, systemSeconds: NaN, rssBytes: NaN } : procSample(pid),
    stop: () => {},
  };
}
