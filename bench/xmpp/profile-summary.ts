/**
 * Where the time goes in a V8 CPU profile (`node --cpu-prof`, e.g. from
 * `npm run bench:xmpp -- --phases=logins "--server-node-args=--cpu-prof --cpu-prof-dir=/tmp/p"`):
 * the functions with the most self time, and the share of samples below each of a few frames of
 * interest (inclusive). Shares of samples hold up on a loaded machine where wall-clock rates do not.
 *
 *   node --import tsx bench/xmpp/profile-summary.ts file.cpuprofile [--top 25] [--focus name,name]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' }, focus: { type: 'string', default: '' } },
});

const label = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url ? `${path.basename(path.dirname(url))}/${path.basename(url)}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'} ${file}`.trim();
};

for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const counts = new Map<number, number>();
  for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
  const idle = new Set(['(idle)', '(program)']);
  let busy = 0;
  const self = new Map<string, number>();
  const focus = values.focus.split(',').filter(Boolean);
  const inclusive = new Map<string, number>(focus.map((name) => [name, 0]));
  for (const [id, count] of counts) {
    const node = byId.get(id)!;
    if (idle.has(node.callFrame.functionName)) continue;
    busy += count;
    const key = label(node);
    self.set(key, (self.get(key) ?? 0) + count);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = byId.get(at)!.callFrame.functionName;
      if (inclusive.has(name) && !seen.has(name)) {
        seen.add(name);
        inclusive.set(name, inclusive.get(name)! + count);
      }
    }
  }
  const pct = (n: number) => `${((100 * n) / busy).toFixed(1).padStart(5)}%`;
  const total = new Map<string, number>();
  for (const [id, count] of counts) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = label(byId.get(at)!);
      if (seen.has(key) || idle.has(byId.get(at)!.callFrame.functionName)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + count);
    }
  }
  const program = [...counts].filter(([id]) => byId.get(id)!.callFrame.functionName === '(program)');
  console.log(
    `${file}: ${busy} busy samples of ${profile.samples.length} (${program.reduce((n, [, c]) => n + c, 0)} more in "(program)": native code V8 cannot attribute)`,
  );
  console.log('self time:');
  for (const [key, count] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top)))
    console.log(`  ${pct(count)}  ${key}`);
  console.log('total time (self + callees), code of this repository and its libraries:');
  for (const [key, count] of [...total]
    .filter(([key]) => key.includes('.ts:') || key.includes('.js:'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(values.top)))
    console.log(`  ${pct(count)}  ${key}`);
  if (focus.length > 0) {
    console.log('inclusive (samples with this frame on the stack):');
    for (const [name, count] of inclusive) console.log(`  ${pct(count)}  ${name}`);
  }
}
