// Prints the README's configuration table from the option declarations (each area's
// `<area>-options.ts`, composed in src/bin/config.ts)
// (`--write` updates README.md in place), so the documentation cannot drift from the code:
// test/readme.test.ts checks that they agree.
import { readFileSync, writeFileSync } from 'node:fs';
import { configOptions } from '../src/bin/config.js';

export function configTable(): string {
  const rows = configOptions.map((option) => {
    const fallback =
      'defaultText' in option
        ? option.defaultText
        : typeof option.defaultValue === 'function'
          ? '`http://localhost:<HTTP port>`'
          : option.defaultValue === undefined
            ? '(unset)'
            : `\`${typeof option.defaultValue === 'object' ? JSON.stringify(option.defaultValue) : String(option.defaultValue)}\``;
    return `| \`${option.env}\` | \`${option.key}\` | ${fallback} | ${option.description} |`;
  });
  return [
    '| Environment variable | Config-file key | Default | What it does |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--write')) {
    const readmeUrl = new URL('../README.md', import.meta.url);
    const readme = readFileSync(readmeUrl, 'utf8');
    const updated = readme.replace(
      /(<!-- config-table:start -->\n)[\s\S]*?(\n<!-- config-table:end -->)/,
      `$1${configTable()}$2`,
    );
    writeFileSync(readmeUrl, updated);
  } else {
    console.log(configTable());
  }
}
