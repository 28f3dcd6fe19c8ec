/**
 * The import-boundary rule (eslint/boundaries.js) against probes of every kind of forbidden import:
 * each must be reported, and the allowed form next to it must not be.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'imhost/boundaries').map((m) => m.message);
}

const probes: { name: string; file: string; denied: string; allowed?: string }[] = [
  {
    name: 'a dynamic import from xmpp/core into billing',
    file: 'src/xmpp/core/probe.ts',
    denied: "export const load = () => import('../../billing/index.js');",
    allowed: "export const load = () => import('../stanza/index.js');",
  },
  {
    name: 'a type-position import() from tenancy into billing',
    file: 'src/tenancy/probe.ts',
    denied: "export type X = import('../billing/index.js').Billing;",
  },
  {
    name: 'web/src importing the server',
    file: 'web/src/probe.ts',
    denied: "import { formatMoney } from '../../src/lib/money.js';\nexport const f = formatMoney;",
    allowed: "import { api } from './api/client.js';\nexport const a = api;",
  },
  {
    name: 'an XMPP module importing a transport',
    file: 'src/xmpp/modules/ping/probe.ts',
    denied: "export * from '../../transports/index.js';",
    allowed: "export * from '../../core/index.js';",
  },
  {
    name: 'an XMPP module importing another module',
    file: 'src/xmpp/modules/ping/probe.ts',
    denied: "export * from '../mam/archive.repository.js';",
  },
  {
    name: "an area importing another area's internals",
    file: 'src/billing/probe.ts',
    denied: "export { findHost } from '../tenancy/hosts.repository.js';",
    allowed: "export type { Tenancy } from '../tenancy/index.js';",
  },
  {
    name: 'a business area importing another business area',
    file: 'src/billing/probe.ts',
    denied: "export type { Support } from '../support/index.js';",
  },
  {
    name: 'support importing billing (it declares a port instead)',
    file: 'src/support/probe.ts',
    denied: "export { formatMinuteIn } from '../billing/index.js';",
    allowed: "export { formatMinuteIn } from '../lib/time-zone.js';",
  },
  {
    name: 'an XMPP module importing the business side',
    file: 'src/xmpp/modules/ping/probe.ts',
    denied: "export * from '../../../tenancy/index.js';",
  },
  {
    name: 'XMPP auth importing tenancy',
    file: 'src/xmpp/auth/probe.ts',
    denied: "export { normalizeUsername } from '../../tenancy/index.js';",
    allowed: "export { normalizeUsername } from '../../lib/username.js';",
  },
  {
    name: 'an XMPP transport importing a module',
    file: 'src/xmpp/transports/probe.ts',
    denied: "export type { UploadService } from '../modules/upload/index.js';",
    allowed: "export type { ModuleRoutes } from '../core/index.js';",
  },
  {
    name: 'the XMPP server importing a module past the registry',
    file: 'src/xmpp/server/probe.ts',
    denied: "export { mamModule } from '../modules/mam/module.js';",
    allowed: "export { xmppModules } from '../modules/index.js';",
  },
  {
    name: 'an XMPP module importing the registry of modules',
    file: 'src/xmpp/modules/ping/probe.ts',
    denied: "export { xmppModules } from '../index.js';",
  },
  {
    name: 'anything importing the composition root',
    file: 'src/api/probe.ts',
    denied: "export * from '../bin/compose.js';",
  },
];

describe('import boundaries', () => {
  for (const probe of probes) {
    it(`reports ${probe.name}`, async () => {
      const denied = await boundaryErrors(probe.file, probe.denied);
      assert.equal(denied.length, 1, `expected one boundary error, got ${JSON.stringify(denied)}`);
      if (probe.allowed) assert.deepEqual(await boundaryErrors(probe.file, probe.allowed), []);
    });
  }
});
