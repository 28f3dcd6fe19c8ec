import type { XepClaim } from '../core/index.js';

/** The compliance table (Markdown) read off the loaded modules' manifests, for docs and `imhost`. */
export function renderComplianceTable(rows: readonly (XepClaim & { module: string })[]): string {
  const sorted = [...rows].sort((a, b) => a.spec.localeCompare(b.spec) || a.version.localeCompare(b.version));
  const lines = ['| Specification | Version / scope | Module | Notes |', '|---|---|---|---|'];
  for (const row of sorted)
    lines.push(`| ${row.spec} | ${row.version} | ${row.module} | ${row.note ?? ''} |`);
  return lines.join('\n') + '\n';
}
