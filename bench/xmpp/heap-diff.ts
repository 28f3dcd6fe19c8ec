/**
 * What the heap gained between two V8 heap snapshots (bench/xmpp.ts --heap-dir), per kind of
 * object, divided by a count (the idle sessions opened in between): what one session retains.
 *
 *   node --import tsx bench/xmpp/heap-diff.ts before.heapsnapshot after.heapsnapshot SESSIONS [--top 30]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '30' } },
});
const [beforeFile, afterFile, countText] = positionals;
if (!beforeFile || !afterFile || !countText) throw new Error('usage: heap-diff before after count');

function bySize(file: string): Map<string, { bytes: number; count: number }> {
  const heap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = heap.snapshot.meta.node_fields;
  const types = heap.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [
    number,
    number,
    number,
  ];
  const out = new Map<string, { bytes: number; count: number }>();
  for (let i = 0; i < heap.nodes.length; i += fields.length) {
    const type = types[heap.nodes[i + typeAt]!]!;
    const name = heap.strings[heap.nodes[i + nameAt]!]!;
    // Strings and code are grouped by type; objects by constructor name.
    const key = type === 'object' || type === 'closure' ? `${type} ${name}` : type;
    const entry = out.get(key) ?? { bytes: 0, count: 0 };
    entry.bytes += heap.nodes[i + sizeAt]!;
    entry.count++;
    out.set(key, entry);
  }
  return out;
}

const before = bySize(beforeFile);
const after = bySize(afterFile);
const sessions = Number(countText);
const rows = [...after].map(([key, { bytes, count }]) => ({
  key,
  bytes: (bytes - (before.get(key)?.bytes ?? 0)) / sessions,
  count: (count - (before.get(key)?.count ?? 0)) / sessions,
}));
const total = rows.reduce((sum, row) => sum + row.bytes, 0);
console.log(`heap gained per session: ${(total / 1024).toFixed(2)} KiB (self sizes, over ${sessions})`);
for (const row of rows.sort((a, b) => b.bytes - a.bytes).slice(0, Number(values.top)))
  console.log(`${row.bytes.toFixed(0).padStart(7)} B  ${row.count.toFixed(2).padStart(6)} ×  ${row.key}`);
