// Writes the options section of docs/xmpp-modules.md from the manifests of the registered XMPP
// modules (src/xmpp/modules/index.ts), so what operators read is what the code checks: every
// option with its default and bounds, and what each module requires. `--write` updates the file;
// test/readme.test.ts checks it is current.
import { readFileSync, writeFileSync } from 'node:fs';
import { describeBounds } from '../src/xmpp/core/index.js';
import { xmppModules } from '../src/xmpp/modules/index.js';

const escape = (text: string) => text.replace(/\|/g, '\\|');

export function moduleOptionsTable(): string {
  const rows = xmppModules.flatMap((module) =>
    Object.entries(module.options).map(
      ([name, spec]) =>
        `| ${module.name} | \`${name}\` | \`${JSON.stringify(spec.default)}\` | ${describeBounds(spec)} | ${escape(spec.description)} |`,
    ),
  );
  const modules = xmppModules.map((module) => {
    const needs = [
      ...(module.requires ?? []).map((name) => `requires ${name}`),
      ...(module.after ?? []).map((name) => `after ${name}`),
    ];
    const specs = [...new Set(module.implements.map((claim) => claim.spec))].join(', ');
    return `| ${module.name} | ${specs} | ${needs.join(', ') || '–'} | ${Object.keys(module.options).length || '–'} |`;
  });
  return [
    '| Module | Option | Default | Allowed | What it does |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    '| Module | Implements | Dependencies | Options |',
    '|---|---|---|---|',
    ...modules,
  ].join('\n');
}

const DOCUMENT = new URL('../docs/xmpp-modules.md', import.meta.url);
const SECTION = /(<!-- module-options:start -->\n)[\s\S]*?(\n<!-- module-options:end -->)/;

/** The document with its generated section as the manifests have it now. */
export function moduleDocument(): string {
  return readFileSync(DOCUMENT, 'utf8').replace(SECTION, `$1${moduleOptionsTable()}$2`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--write')) writeFileSync(DOCUMENT, moduleDocument());
  else console.log(moduleOptionsTable());
}
