import diagnostics from 'node:diagnostics_channel';
import { isForeignKeyViolation } from '../../../platform/db/index.js';
import type { XmppLogger } from '../../core/index.js';
import type { ArchiveRepository, StoredMessage } from './archive.repository.js';
import { PackedRows } from './packed-rows.js';

export interface ArchiveWriterOptions {
  /** How long a row may wait for others to share its write, in milliseconds. */
  delayMs: number;
  /** A queue this long is written at once, whatever the delay. */
  maxQueued: number;
  /**
   * Rows per INSERT statement of a batch. The event loop turns between statements (the batch stays
   * one transaction), so a long batch delays delivery by one statement's time, not the whole write.
   */
  chunkRows: number;
}

/**
 * Each batch written, for measurements (`bench/xmpp.ts` reports them next to event-loop delay and
 * GC pauses): `{ rows, ms }`, where `ms` is the time from the first statement to the commit. Costs
 * nothing while nobody subscribes.
 */
export const archiveBatches = diagnostics.channel('imhost.xmpp.archive.batch');

/** Lets I/O and timers run before the next statement of a batch. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes archive rows behind delivery, many per transaction. Each user's archive is its own range of
 * an owner index, so a commit writes one index page per user it touches, whole, to the WAL: a commit
 * per event-loop turn that held only a few messages wrote several pages per message, a commit per
 * delay writes each page once for all of a user's rows in it. A message never waits for this;
 * anything that reads the archive first calls `drained()`, which writes what is queued at once.
 * On SQLite the transaction holds the one connection, so other queries wait for the whole batch,
 * while socket I/O and routing go on between its statements.
 * If the process dies, the rows of the last delay are lost, never a delivered message.
 */
export function createArchiveWriter(
  repository: ArchiveRepository,
  logger: XmppLogger,
  options: ArchiveWriterOptions,
) {
  let queued = new PackedRows();
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> | undefined;

  async function write(rows: PackedRows): Promise<void> {
    try {
      // Only batches measured whole: one that began before anyone listened is not reported.
      const started = archiveBatches.hasSubscribers ? performance.now() : undefined;
      await repository.insert(rows, { chunkRows: options.chunkRows, between: nextTurn });
      if (started !== undefined && archiveBatches.hasSubscribers)
        archiveBatches.publish({ rows: rows.length, ms: performance.now() - started });
      return;
    } catch (error) {
      if (rows.length === 1) return report(error, rows.length);
    }
    // One row made the whole batch fail, nearly always a member deleted while their rows waited: their
    // archive went with them, so their rows go too, and everybody else's are written one by one. Any
    // other failure (the database is down) is reported once for the rows it leaves unwritten.
    for (let index = 0; index < rows.length; index++) {
      try {
        await repository.insert(rows.slice(index, index + 1));
      } catch (error) {
        if (isForeignKeyViolation(error)) continue;
        return report(error, rows.length - index);
      }
    }
  }

  function report(error: unknown, count: number): void {
    if (isForeignKeyViolation(error)) return;
    logger.error({ err: error, count }, 'could not archive messages');
  }

  /** Writes what is queued in the background: now if the queue is full, else after the delay. */
  function schedule(): void {
    if (queued.length >= options.maxQueued) void flush();
    else if (queued.length > 0) timer ??= setTimeout(() => void flush(), options.delayMs);
  }

  /** Starts writing what is queued, now, unless a write is in progress (its end schedules the rest). */
  function flush(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    // Only with rows to write: a write that ends at once must not stay behind as `writing`.
    if (writing === undefined && queued.length > 0) {
      const rows = queued;
      queued = new PackedRows();
      // Rows queued during a write wait for their own delay, not for the write to end: writing them
      // at once would make each batch only as large as the last write was long, ever smaller.
      writing = write(rows).finally(() => {
        writing = undefined;
        schedule();
      });
    }
    return writing ?? Promise.resolve();
  }

  return {
    enqueue(row: StoredMessage): void {
      queued.push(row);
      schedule();
    },

    /** Resolves once every row queued so far is written (or reported). */
    async drained(): Promise<void> {
      while (queued.length > 0 || writing) await flush();
    },
  };
}

export type ArchiveWriter = ReturnType<typeof createArchiveWriter>;
