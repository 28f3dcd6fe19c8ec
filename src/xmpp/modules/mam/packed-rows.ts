/**
 * Archive rows waiting for their write, each packed into one flat string. A row as an object holds
 * a dozen strings, the stanza's text among them as a tree of concatenations; rows wait a write
 * window and then the write itself, long enough to survive young-generation collections, which
 * copy every object they hold at each pause, then move them to the old generation (the loaded
 * message bench's GC pauses tripled with the archive on; docs/benchmarks.md). One string per row
 * is one object to copy. Rows are unpacked a statement's worth at a time, just before it runs.
 */
import type { StoredMessage } from './archive.repository.js';

/** The columns before the stanza, in packing order. */
const FIELDS = [
  'id',
  'to_host_id',
  'to_username',
  'from_host_id',
  'from_username',
  'from_bare',
  'from_full',
  'to_bare',
  'to_full',
  'created_at',
] as const satisfies readonly (keyof StoredMessage)[];

type Nullable = 'to_host_id' | 'to_username' | 'from_host_id' | 'from_username';
const NULLABLE: ReadonlySet<string> = new Set<Nullable>([
  'to_host_id',
  'to_username',
  'from_host_id',
  'from_username',
]);

/**
 * Ids, JIDs, host ids and times never hold U+0000, so it separates them; the stanza comes last and
 * is taken whole, whatever it holds. An owner column is never the empty string, so that means null.
 */
const SEPARATOR = '\u0000';

/** What the repository inserts from: an array of rows, or packed rows. */
export interface RowBatch {
  readonly length: number;
  slice(start: number, end: number): StoredMessage[];
}

export class PackedRows implements RowBatch {
  private readonly packed: string[] = [];

  get length(): number {
    return this.packed.length;
  }

  push(row: StoredMessage): void {
    const parts: string[] = FIELDS.map((field) => row[field] ?? '');
    parts.push(row.stanza);
    // join builds one flat string, copying the stanza's concatenation tree into it.
    this.packed.push(parts.join(SEPARATOR));
  }

  slice(start: number, end: number): StoredMessage[] {
    return this.packed.slice(start, end).map(unpack);
  }
}

function unpack(packed: string): StoredMessage {
  const row: Record<string, string | null> = {};
  let from = 0;
  for (const field of FIELDS) {
    const to = packed.indexOf(SEPARATOR, from);
    const value = packed.slice(from, to);
    row[field] = value === '' && NULLABLE.has(field) ? null : value;
    from = to + 1;
  }
  row.stanza = packed.slice(from);
  return row as unknown as StoredMessage;
}
