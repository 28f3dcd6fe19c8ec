/**
 * Each area sees only its own tables: its database handle is typed with them alone (scopedDb), so a
 * query on another area's table does not compile, and the whole database's types are off limits to
 * it by lint. The probes are type-checked in memory, as files of the area they name, against the
 * project's own compiler options; the allowed probe beside them shows the check is not vacuous.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { ESLint } from 'eslint';
import ts from 'typescript';

const root = process.cwd();

const probes: { name: string; file: string; code: string; allowed: boolean }[] = [
  {
    name: 'tenancy selecting from billing_invoices',
    file: 'src/tenancy/probe-billing.ts',
    code: "import type { TenancyDb } from './tenancy-deps.js';\nexport const probe = (db: TenancyDb) => db.selectFrom('billing_invoices').selectAll().execute();",
    allowed: false,
  },
  {
    name: "tenancy joining accounts' customers",
    file: 'src/tenancy/probe-customers.ts',
    code: "import type { TenancyDb } from './tenancy-deps.js';\nexport const probe = (db: TenancyDb) => db.selectFrom('hosts').innerJoin('customers', 'customers.id', 'hosts.customer_id').selectAll().execute();",
    allowed: false,
  },
  {
    name: "billing reading tenancy's members",
    file: 'src/billing/probe-members.ts',
    code: "import type { BillingDb } from './billing-deps.js';\nexport const probe = (db: BillingDb) => db.selectFrom('members').selectAll().execute();",
    allowed: false,
  },
  {
    name: "support reading accounts' users",
    file: 'src/support/probe-users.ts',
    code: "import type { SupportDb } from './support-deps.js';\nexport const probe = (db: SupportDb) => db.selectFrom('users').selectAll().execute();",
    allowed: false,
  },
  {
    name: "accounts reading the platform's job queue",
    file: 'src/accounts/probe-jobs.ts',
    code: "import type { AccountsDb } from './deps.js';\nexport const probe = (db: AccountsDb) => db.selectFrom('jobs').selectAll().execute();",
    allowed: false,
  },
  {
    name: "domains reading tenancy's hosts",
    file: 'src/domains/probe-hosts.ts',
    code: "import type { DomainsDb } from './domains-deps.js';\nexport const probe = (db: DomainsDb) => db.selectFrom('hosts').selectAll().execute();",
    allowed: false,
  },
  {
    name: "domains writing the platform's certificates",
    file: 'src/domains/probe-certificates.ts',
    code: "import type { DomainsDb } from './domains-deps.js';\nexport const probe = (db: DomainsDb) => db.deleteFrom('tls_certificates').execute();",
    allowed: false,
  },
  {
    name: 'domains selecting from its own claims',
    file: 'src/domains/probe-claims.ts',
    code: "import type { DomainsDb } from './domains-deps.js';\nexport const probe = (db: DomainsDb) => db.selectFrom('domain_claims').selectAll().execute();",
    allowed: true,
  },
  {
    name: "domain registration reading billing's invoices",
    file: 'src/domains/registration/probe-invoices.ts',
    code: "import type { DomainsDb } from './registration-deps.js';\nexport const probe = (db: DomainsDb) => db.selectFrom('billing_invoices').selectAll().execute();",
    allowed: false,
  },
  {
    name: 'domain registration selecting from its own registrations',
    file: 'src/domains/registration/probe-registrations.ts',
    code: "import type { DomainsDb } from './registration-deps.js';\nexport const probe = (db: DomainsDb) => db.selectFrom('domain_registrations').selectAll().execute();",
    allowed: true,
  },
  {
    name: "monitoring reading tenancy's members",
    file: 'src/monitoring/probe-members.ts',
    code: "import type { MonitoringDb } from './monitoring-deps.js';\nexport const probe = (db: MonitoringDb) => db.selectFrom('members').selectAll().execute();",
    allowed: false,
  },
  {
    name: 'monitoring selecting from its own login attempts',
    file: 'src/monitoring/probe-attempts.ts',
    code: "import type { MonitoringDb } from './monitoring-deps.js';\nexport const probe = (db: MonitoringDb) => db.selectFrom('monitoring_login_attempts').selectAll().execute();",
    allowed: true,
  },
  {
    name: 'tenancy selecting from its own hosts',
    file: 'src/tenancy/probe-hosts.ts',
    code: "import type { TenancyDb } from './tenancy-deps.js';\nexport const probe = (db: TenancyDb) => db.selectFrom('hosts').selectAll().execute();",
    allowed: true,
  },
];

/** Type errors of each probe, compiled as if the file were in the tree (nothing is written). */
function typeErrorsOfProbes(): Map<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  )!;
  const virtual = new Map(probes.map((probe) => [path.join(root, probe.file), probe.code]));
  const options = { ...config.options, noEmit: true };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => virtual.has(file) || fileExists.call(host, file);
  host.readFile = (file) => virtual.get(file) ?? readFile.call(host, file);
  host.getSourceFile = (file, language, onError) => {
    const code = virtual.get(file);
    return code === undefined
      ? getSourceFile.call(host, file, language, onError)
      : ts.createSourceFile(file, code, language);
  };
  const program = ts.createProgram([...virtual.keys()], options, host);
  return new Map(
    probes.map((probe) => [
      probe.name,
      program
        .getSemanticDiagnostics(program.getSourceFile(path.join(root, probe.file)))
        .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')),
    ]),
  );
}

describe('each area sees only its own tables', () => {
  let errors: Map<string, string[]>;
  before(() => {
    errors = typeErrorsOfProbes();
  });

  for (const probe of probes) {
    it(`${probe.allowed ? 'compiles' : 'refuses'} ${probe.name}`, () => {
      const found = errors.get(probe.name)!;
      if (probe.allowed) assert.deepEqual(found, []);
      else assert.ok(found.length > 0, 'expected a type error');
    });
  }

  it("refuses a business area the whole database's types, by lint", async () => {
    const eslint = new ESLint({ cwd: root });
    const lint = async (code: string) => {
      const [result] = await eslint.lintText(code, { filePath: 'src/tenancy/probe.ts' });
      return result!.messages.filter((message) => message.ruleId === 'no-restricted-imports');
    };
    const denied = await lint("import type { Db } from '../platform/index.js';\nexport type Probe = Db;");
    assert.equal(denied.length, 1, JSON.stringify(denied));
    assert.deepEqual(
      await lint(
        "import type { ScopedDb, TenancyTables } from '../platform/index.js';\nexport type Probe = ScopedDb<TenancyTables>;",
      ),
      [],
    );
  });
});
