import { readFileSync } from 'node:fs';

interface PackageJson {
  name?: string;
  version?: string;
  engines?: { node?: string };
}

// package.json sits two levels up from src/bin and three from dist/src/bin.
function readPackage(): PackageJson {
  for (const relative of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as PackageJson;
      if (pkg.name === 'imhost' && pkg.version) return pkg;
    } catch {
      // try the next location
    }
  }
  return {};
}

const pkg = readPackage();

export const version = pkg.version ?? '0.0.0';
/** The Node.js versions imhost supports (package.json `engines.node`). */
export const nodeRange = pkg.engines?.node ?? '*';
