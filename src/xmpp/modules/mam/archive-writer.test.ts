import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { XmppLogger } from '../../core/index.js';
import type { ArchiveRepository, StoredMessage } from './archive.repository.js';
import diagnostics from 'node:diagnostics_channel';
import { archiveBatches, createArchiveWriter, type ArchiveWriterOptions } from './archive-writer.js';
import type { RowBatch } from './packed-rows.js';

function message(id: string): StoredMessage {
  return {
    id,
    to_host_id: 'host_1',
    to_username: id === 'gone' ? 'deleted-member' : 'ann',
    from_host_id: null,
    from_username: null,
    from_bare: 'ben@club.example',
    from_full: 'ben@club.example/phone',
    to_bare: 'ann@club.example',
    to_full: 'ann@club.example',
    stanza: `<message><body>${id}</body></message>`,
    created_at: '2026-11-26T10:00:00.000Z',
  };
}

/** Records each insert; refuses a whole batch that holds a row of a deleted member, as the database would. */
function recordingRepository(failure: (rows: StoredMessage[]) => Error | undefined = () => undefined) {
  const inserts: string[][] = [];
  const repository = {
    async insert(batch: RowBatch) {
      const rows = batch.slice(0, batch.length);
      const error = failure(rows);
      if (error) throw error;
      inserts.push(rows.map((row) => row.id));
    },
  } as unknown as ArchiveRepository;
  return { inserts, repository };
}

function recordingLogger() {
  const errors: object[] = [];
  const logger: XmppLogger = { debug() {}, info() {}, warn() {}, error: (obj) => void errors.push(obj) };
  return { errors, logger };
}

/** A writer that waits a minute and holds 100 rows unless a test says otherwise. */
function writerFor(
  repository: ArchiveRepository,
  logger: XmppLogger = recordingLogger().logger,
  options: Partial<ArchiveWriterOptions> = {},
) {
  return createArchiveWriter(repository, logger, {
    delayMs: 60_000,
    maxQueued: 100,
    chunkRows: 100,
    ...options,
  });
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('archive writer', () => {
  it('reports each batch written to whoever measures (bench/xmpp.ts)', async () => {
    const { repository } = recordingRepository();
    const writer = writerFor(repository);
    const batches: { rows: number; ms: number }[] = [];
    const listen = (message: unknown) => batches.push(message as { rows: number; ms: number });
    diagnostics.subscribe(archiveBatches.name, listen);
    try {
      writer.enqueue(message('a'));
      writer.enqueue(message('b'));
      await writer.drained();
    } finally {
      diagnostics.unsubscribe(archiveBatches.name, listen);
    }
    assert.equal(batches.length, 1);
    assert.equal(batches[0]!.rows, 2);
    assert.ok(batches[0]!.ms >= 0);
  });

  it('holds rows for the delay and writes what a query needs at once, in one batch', async () => {
    const { inserts, repository } = recordingRepository();
    const writer = writerFor(repository);
    for (const id of ['a', 'b', 'c']) writer.enqueue(message(id));
    await turn();
    assert.deepEqual(inserts, [], 'nothing written before the delay');
    await writer.drained();
    assert.deepEqual(inserts, [['a', 'b', 'c']]);
    await writer.drained();
    assert.equal(inserts.length, 1, 'draining an empty queue writes nothing');
  });

  it('writes a full queue without waiting for the delay', async () => {
    const { inserts, repository } = recordingRepository();
    const writer = writerFor(repository, undefined, { maxQueued: 2 });
    writer.enqueue(message('a'));
    writer.enqueue(message('b'));
    await turn();
    assert.deepEqual(inserts, [['a', 'b']]);
    writer.enqueue(message('c'));
    await writer.drained();
    assert.deepEqual(inserts, [['a', 'b'], ['c']]);
  });

  it('settles when its timer fires after the rows were written', { timeout: 10_000 }, async () => {
    const { inserts, repository } = recordingRepository();
    const writer = writerFor(repository, undefined, { delayMs: 0 });
    writer.enqueue(message('a'));
    const first = writer.drained();
    writer.enqueue(message('b')); // queued during the write, with a timer of its own
    await first;
    await new Promise((resolve) => setTimeout(resolve, 1)); // that timer fires on an empty queue
    await writer.drained();
    assert.deepEqual(inserts, [['a'], ['b']]);
  });

  it('lets rows queued during a write wait for their own delay, however the timers fall', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const started: string[][] = [];
    let release = () => {};
    const repository = {
      async insert(batch: RowBatch) {
        started.push(batch.slice(0, batch.length).map((row) => row.id));
        await new Promise<void>((resolve) => (release = resolve));
      },
    } as unknown as ArchiveRepository;
    const writer = writerFor(repository, undefined, { delayMs: 1000, maxQueued: 2 });
    writer.enqueue(message('a'));
    writer.enqueue(message('b')); // a full queue: written at once
    writer.enqueue(message('c')); // during that write
    release();
    await turn();
    assert.deepEqual(started, [['a', 'b']], 'not written the moment the write before it ends');
    t.mock.timers.tick(1000);
    assert.deepEqual(started, [['a', 'b'], ['c']], 'written after its delay');
    release();
    await turn();

    writer.enqueue(message('d'));
    t.mock.timers.tick(1000); // d's write starts
    writer.enqueue(message('e'));
    t.mock.timers.tick(1000); // e's timer fires while d is being written
    release();
    await turn();
    assert.deepEqual(started.at(-1), ['d']);
    t.mock.timers.tick(1000); // the end of d's write gave e a timer again
    assert.deepEqual(started, [['a', 'b'], ['c'], ['d'], ['e']]);
    release();
    await writer.drained();
  });

  it('writes the rest of a batch one by one when a deleted member made it fail', async () => {
    const foreignKey = Object.assign(new Error('FOREIGN KEY constraint failed'), {
      code: 'SQLITE_CONSTRAINT_FOREIGNKEY',
    });
    const { inserts, repository } = recordingRepository((rows) =>
      rows.some((row) => row.id === 'gone') ? foreignKey : undefined,
    );
    const { errors, logger } = recordingLogger();
    const writer = writerFor(repository, logger);
    for (const id of ['a', 'gone', 'b']) writer.enqueue(message(id));
    await writer.drained();
    assert.deepEqual(inserts, [['a'], ['b']]);
    assert.deepEqual(errors, [], 'a deleted member is not an error');
  });

  it('reports any other failure and goes on with the next batch', async () => {
    let isDown = true;
    const { inserts, repository } = recordingRepository(() => (isDown ? new Error('disk full') : undefined));
    const { errors, logger } = recordingLogger();
    const writer = writerFor(repository, logger);
    writer.enqueue(message('a'));
    writer.enqueue(message('b'));
    await writer.drained();
    assert.deepEqual(
      errors.map((e) => (e as { count: number }).count),
      [2],
      'reported once, for both rows',
    );
    isDown = false;
    writer.enqueue(message('c'));
    await writer.drained();
    assert.deepEqual(inserts, [['c']]);
  });
});
