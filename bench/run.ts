// `npm run bench`: every benchmark, one after the other (they would distort each other in
// parallel on two cores). Each prints its own figures; arguments after `--` go to every one.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const benches = ['xmpp.ts', 'archive.ts', 'billing.ts'];
const extra = process.argv.slice(2);
let failed = 0;
for (const bench of benches) {
  const file = fileURLToPath(new URL(bench, import.meta.url));
  console.log(`\n=== bench/${bench} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', file, ...extra], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
