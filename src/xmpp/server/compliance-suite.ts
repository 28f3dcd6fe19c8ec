/**
 * The XMPP Compliance Suites 2023 (XEP-0479) rows that ask something of a server in the Core and
 * IM categories (IM compliance includes Core), and each row's status read off what the server
 * claims: a row is supported when every provider it lists is claimed by a module or by the core.
 */
import type { XepClaim } from '../core/index.js';

export type Claim = XepClaim & { module: string };

/** What a level asks of a server: required, not required, or not applicable (client-only). */
type Need = 'yes' | 'no' | 'n/a';

interface Provider {
  spec: string;
  /** How the row names it, when it asks for part of the specification. */
  label?: string;
  /** The claims that cover it; by default, every claim of `spec`. */
  matching?: (claims: readonly Claim[]) => Claim[];
}

export interface SuiteRow {
  category: 'Core' | 'IM';
  feature: string;
  server: Need;
  advancedServer: Need;
  providers: Provider[];
}

const claims = (spec: string) => (all: readonly Claim[]) => all.filter((c) => c.spec === spec);

/** Archives of rooms: a XEP-0313 claim by the module that claims XEP-0045, or one that says so. */
function roomArchives(all: readonly Claim[]): Claim[] {
  const roomModules = new Set(claims('XEP-0045')(all).map((c) => c.module));
  return claims('XEP-0313')(all).filter(
    (c) => roomModules.has(c.module) || /\b(room|MUC)s?\b/i.test(`${c.version} ${c.note ?? ''}`),
  );
}

const p = (spec: string, more: Omit<Provider, 'spec'> = {}): Provider => ({ spec, ...more });

/** XEP-0479 version 0.1.0 (2023-05-04), §2.1 and §2.3, rows not applicable to servers left out. */
export const COMPLIANCE_SUITE_2023: readonly SuiteRow[] = [
  {
    category: 'Core',
    feature: 'Core features',
    server: 'yes',
    advancedServer: 'yes',
    providers: [p('RFC 6120')],
  },
  { category: 'Core', feature: 'TLS', server: 'yes', advancedServer: 'yes', providers: [p('RFC 7590')] },
  {
    category: 'Core',
    feature: 'Direct TLS',
    server: 'no',
    advancedServer: 'yes',
    providers: [p('XEP-0368')],
  },
  {
    category: 'Core',
    feature: 'Feature discovery',
    server: 'yes',
    advancedServer: 'yes',
    providers: [p('XEP-0030')],
  },
  {
    category: 'Core',
    feature: 'Feature broadcasts',
    server: 'no',
    advancedServer: 'yes',
    providers: [p('XEP-0115')],
  },
  {
    category: 'Core',
    feature: 'Server Extensibility',
    server: 'yes',
    advancedServer: 'yes',
    providers: [p('XEP-0114')],
  },
  {
    category: 'Core',
    feature: 'Event publishing',
    server: 'no',
    advancedServer: 'yes',
    providers: [p('XEP-0163')],
  },
  {
    category: 'IM',
    feature: 'Core features',
    server: 'yes',
    advancedServer: 'yes',
    providers: [p('RFC 6121')],
  },
  {
    category: 'IM',
    feature: 'User Avatar Compatibility',
    server: 'no',
    advancedServer: 'yes',
    providers: [p('XEP-0398'), p('XEP-0153')],
  },
  { category: 'IM', feature: 'vcard-temp', server: 'yes', advancedServer: 'yes', providers: [p('XEP-0054')] },
  {
    category: 'IM',
    feature: 'Outbound Message Synchronization',
    server: 'yes',
    advancedServer: 'yes',
    providers: [p('XEP-0280')],
  },
  {
    category: 'IM',
    feature: 'User Blocking',
    server: 'no',
    advancedServer: 'yes',
    providers: [p('XEP-0191')],
  },
  {
    category: 'IM',
    feature: 'Group Chat',
    server: 'yes',
    advancedServer: 'yes',
    providers: [p('XEP-0045'), p('XEP-0249')],
  },
  {
    category: 'IM',
    feature: 'Advanced Group Chat',
    server: 'no',
    advancedServer: 'yes',
    providers: [
      p('XEP-0048'),
      p('XEP-0313', { label: 'XEP-0313 (room archives)', matching: roomArchives }),
      p('XEP-0402'),
      p('XEP-0410'),
    ],
  },
  {
    category: 'IM',
    feature: 'Persistent Storage of Private Data via PubSub',
    server: 'no',
    advancedServer: 'yes',
    providers: [p('XEP-0223')],
  },
  {
    category: 'IM',
    feature: 'Private XML Storage',
    server: 'no',
    advancedServer: 'yes',
    providers: [p('XEP-0049')],
  },
  {
    category: 'IM',
    feature: 'Stream Management',
    server: 'no',
    advancedServer: 'yes',
    providers: [p('XEP-0198')],
  },
  {
    category: 'IM',
    feature: 'History Storage / Retrieval',
    server: 'no',
    advancedServer: 'yes',
    providers: [p('XEP-0313')],
  },
  {
    category: 'IM',
    feature: 'File Upload',
    server: 'yes',
    advancedServer: 'yes',
    providers: [p('XEP-0363')],
  },
];

const matching = (provider: Provider, all: readonly Claim[]) =>
  (provider.matching ?? claims(provider.spec))(all);

/** The providers of `row` that nothing claims. */
export function missingProviders(row: SuiteRow, all: readonly Claim[]): string[] {
  return row.providers
    .filter((provider) => matching(provider, all).length === 0)
    .map((p) => p.label ?? p.spec);
}

const NEED = { yes: 'required', no: '–', 'n/a': 'n/a' } as const;

/** The suite as a Markdown table, with each row's status and the modules that provide it. */
export function renderSuiteTable(all: readonly Claim[]): string {
  const lines = [
    '| Category | Feature | Server | Advanced Server | Providers | Status | By |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const row of COMPLIANCE_SUITE_2023) {
    const missing = missingProviders(row, all);
    const by = new Set(row.providers.flatMap((provider) => matching(provider, all).map((c) => c.module)));
    const status = missing.length === 0 ? 'supported' : `**not supported** (no ${missing.join(', ')})`;
    lines.push(
      `| ${row.category} | ${row.feature} | ${NEED[row.server]} | ${NEED[row.advancedServer]} | ${row.providers
        .map((provider) => provider.label ?? provider.spec)
        .join(', ')} | ${status} | ${[...by].join(', ')} |`,
    );
  }
  return lines.join('\n') + '\n';
}

/** Whether every row a level requires is supported. */
export function meetsLevel(level: 'server' | 'advancedServer', all: readonly Claim[]): boolean {
  return COMPLIANCE_SUITE_2023.every(
    (row) => row[level] !== 'yes' || missingProviders(row, all).length === 0,
  );
}
