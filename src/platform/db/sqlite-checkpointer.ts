import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/**
 * SQLite in WAL mode copies the log back into the database file (a checkpoint) inside whichever
 * commit takes the log past 1,000 pages: that commit waits for the copy and two fsyncs. On a busy
 * XMPP server that was about a third of the cost of writing message archives, all of it on the event
 * loop. So checkpoints run on a worker thread with its own connection; the main connection keeps
 * checkpointing inline only as a fallback, past FALLBACK_PAGES. It comes into play if the worker
 * stalls, or if commits keep landing while the worker copies: the log restarts only after a copy
 * that no commit overtook, so it may grow to that mark, whose inline checkpoint finds little left
 * to copy. The worker starts the first time the log passes `startBytes`, so a quiet install (and
 * nearly every test) never starts a thread.
 */
export interface CheckpointerOptions {
  /** Start the worker once the log file is this large (default 4 MiB, SQLite's own mark). */
  startBytes?: number;
  /** How often the main thread looks at the log's size before the worker runs (default 1 s). */
  watchMs?: number;
  /** How often the worker checkpoints (default 200 ms). */
  everyMs?: number;
}

export interface Checkpointer {
  /** Whether the worker thread runs (for tests and diagnostics). */
  readonly isRunning: boolean;
  /** Resolves when the worker has checkpointed at least once since this call (tests). */
  nextCheckpoint(): Promise<void>;
  close(): Promise<void>;
}

/** 16,000 pages of 4 KiB: the log a stalled worker lets grow before commits checkpoint again. */
const FALLBACK_PAGES = 16_000;
/** SQLite's default mark, back in force if the worker fails. */
const SQLITE_DEFAULT_PAGES = 1_000;
/** The log file is cut back to this after a checkpoint that emptied it. */
const JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024;

// The worker is plain CommonJS run with `eval`, so it needs neither a loader for TypeScript nor a
// path inside dist; it loads better-sqlite3 from the path this module resolves.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const checkpoint = () => {
  db.pragma('wal_checkpoint(PASSIVE)');
  parentPort.postMessage('checkpointed');
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message !== 'close') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export function startCheckpointer(
  sqlite: SQLite.Database,
  file: string,
  options: CheckpointerOptions = {},
): Checkpointer {
  const { startBytes = 4 * 1024 * 1024, watchMs = 1_000, everyMs = 200 } = options;
  sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_PAGES}`);
  sqlite.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
  let worker: Worker | undefined;
  const checkpointWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  /** Keeps the process alive while someone waits for a checkpoint: the thread itself does not. */
  let keepAlive: NodeJS.Timeout | undefined;
  const release = () => {
    clearInterval(keepAlive);
    keepAlive = undefined;
  };
  /** Resolves (or, when the worker is gone, rejects) whoever waits for a checkpoint. */
  const settleWaiters = (error?: Error) => {
    for (const waiter of checkpointWaiters.splice(0)) {
      if (error) waiter.reject(error);
      else waiter.resolve();
    }
    release();
  };

  const start = () => {
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      execArgv: [],
      workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), file, everyMs },
    });
    worker.unref();
    worker.on('message', () => settleWaiters());
    // A worker that fails or exits on its own is not restarted: the main connection checkpoints
    // inline again, at SQLite's own mark, as it did before this thread existed, and says so on stderr.
    const stopped = (reason: string) => {
      worker = undefined;
      sqlite.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_PAGES}`);
      process.emitWarning(`SQLite background checkpoints stopped (${reason}); checkpointing inline`);
      settleWaiters(new Error(`checkpoint worker stopped: ${reason}`));
    };
    const running = worker;
    running.on('error', (error) => stopped(error.message));
    running.on('exit', (code) => {
      if (worker === running) stopped(`exit code ${code}`);
    });
  };
  const watch = setInterval(() => {
    let size = 0;
    try {
      size = statSync(`${file}-wal`).size;
    } catch {
      return; // no log yet
    }
    if (size < startBytes) return;
    clearInterval(watch);
    start();
  }, watchMs);
  watch.unref();

  return {
    get isRunning() {
      return worker !== undefined;
    },
    nextCheckpoint() {
      keepAlive ??= setInterval(() => {}, 60_000);
      return new Promise<void>((resolve, reject) => checkpointWaiters.push({ resolve, reject }));
    },
    async close() {
      clearInterval(watch);
      settleWaiters(new Error('the database is closing'));
      const running = worker;
      worker = undefined;
      if (!running) return;
      running.ref(); // wait for it to close its connection first
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.postMessage('close');
      await exited;
    },
  };
}
