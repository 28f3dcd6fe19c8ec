// Prints the README's configuration table from the option declarations in src/platform/config.ts,
// so the documentation cannot drift from the code (test/readme.test.ts checks they agree).
import { configOptions } from '../src/platform/config.js';

export function configTable(): string {
  const rows = configOptions.map((option) => {
    const fallback =
      typeof option.defaultValue === 'function'
        ? '`http://localhost:<HTTP port>`'
        : option.defaultValue === undefined
          ? '(unset)'
          : `\`${String(option.defaultValue)}\``;
    return `| \`${option.env}\` | \`${option.key}\` | ${fallback} | ${option.description} |`;
  });
  return ['| Environment variable | Config-file key | Default | What it does |', '|---|---|---|---|', ...rows].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(configTable());
