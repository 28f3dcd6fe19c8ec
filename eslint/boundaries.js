// The dependency direction between areas (see ../shared/STYLE.md), enforced on every relative import,
// static or dynamic, in value or type position:
//   lib ← platform ← {accounts, tenancy} ← {billing, support, …} ← workflows ← api ← bin
//   lib ← xmpp/stanza ← xmpp/core ← xmpp/{transports, auth, modules} ← xmpp/server ← bin
// Business areas never import each other: work that spans them lives in workflows/, and an area
// that needs another declares a port that the composition root fills. XMPP sees the business only
// through tenancy/ (and only its server wiring does). Another area is reached only through its
// index.ts, one XMPP module never imports another, and the dashboard (web/) never imports the
// server: it knows it through the generated API types alone.
import path from 'node:path';

const BUSINESS = [
  'billing',
  'support',
  'domains',
  'monitoring',
  'help',
  'pricing',
  'security',
  'diagnostics',
  'incidents',
];
const XMPP_INNER = ['lib', 'platform', 'xmpp/stanza', 'xmpp/core'];

/** Which areas each area may import (besides itself); null: anything. */
const allowed = {
  lib: [],
  platform: ['lib'],
  accounts: ['lib', 'platform'],
  tenancy: ['lib', 'platform'],
  ...Object.fromEntries(BUSINESS.map((a) => [a, ['lib', 'platform', 'accounts', 'tenancy']])),
  workflows: ['lib', 'platform', 'accounts', 'tenancy', ...BUSINESS],
  api: ['lib', 'platform', 'accounts', 'tenancy', ...BUSINESS, 'workflows'],
  'xmpp/stanza': ['lib'],
  'xmpp/core': ['lib', 'platform', 'xmpp/stanza'],
  'xmpp/auth': XMPP_INNER,
  'xmpp/modules': XMPP_INNER,
  'xmpp/transports': XMPP_INNER,
  'xmpp/server': [...XMPP_INNER, 'tenancy', 'xmpp/auth', 'xmpp/modules', 'xmpp/transports'],
  bin: null, // the composition root may import anything; nothing imports it
};

/** Areas whose every file is public: pure helpers and stanza primitives. */
const OPEN = new Set(['lib', 'xmpp/stanza']);

function areaOf(relativeToSrc) {
  const parts = relativeToSrc.split(path.sep);
  if (parts[0] === 'xmpp' && parts.length > 2) return `xmpp/${parts[1]}`;
  return parts[0];
}

const isIndexFile = (name) => /^index(\.js|\.ts)?$/.test(name);

/** Whether an import of `toRel` (inside area `to`) goes through the area's public surface. */
function isPublicEntry(to, toRel, srcRoot, target) {
  if (OPEN.has(to)) return true;
  const inside = path.relative(path.join(srcRoot, to), target).split(path.sep);
  if (inside.length === 1 && isIndexFile(inside[0])) return true;
  // platform is infrastructure: its sub-areas (db, tls, jobs…) each expose their own index, and
  // config is read everywhere.
  if (to === 'platform')
    return isIndexFile(inside[inside.length - 1]) || /^config\.(js|ts)$/.test(inside.join('/'));
  return false;
}

/** The string an import names, for every form of import this rule looks at. */
function specifierOf(node) {
  switch (node.type) {
    case 'ImportExpression':
      return node.source.type === 'Literal' ? node.source.value : undefined;
    case 'TSImportType': {
      const argument = node.argument;
      const literal = argument && argument.type === 'TSLiteralType' ? argument.literal : argument;
      return literal && literal.type === 'Literal' ? literal.value : undefined;
    }
    default:
      return node.source ? node.source.value : undefined;
  }
}

function reportNodeOf(node) {
  if (node.type === 'TSImportType') return node.argument ?? node;
  return node.source ?? node;
}

export const boundaries = {
  meta: { type: 'problem', schema: [], messages: { denied: '{{from}} must not import {{to}}: {{why}}' } },
  create(context) {
    const srcRoot = path.resolve(context.cwd, 'src');
    const webRoot = path.resolve(context.cwd, 'web');
    const file = context.filename;
    const inSrc = file.startsWith(srcRoot + path.sep);
    const inWeb = file.startsWith(webRoot + path.sep);
    if (!inSrc && !inWeb) return {};

    function check(node) {
      const spec = specifierOf(node);
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), spec);
      const report = (from, to, why) =>
        context.report({ node: reportNodeOf(node), messageId: 'denied', data: { from, to, why } });

      if (inWeb) {
        if (!target.startsWith(webRoot + path.sep))
          report(
            'web',
            path.relative(context.cwd, target),
            'the dashboard knows the server only through its API (web/src/api/generated)',
          );
        return;
      }

      const fromRel = path.relative(srcRoot, file);
      const from = areaOf(fromRel);
      if (!target.startsWith(srcRoot + path.sep)) return;
      const toRel = path.relative(srcRoot, target);
      const to = areaOf(toRel);
      if (to === 'bin' && from !== 'bin') return report(from, toRel, 'nothing imports the composition root');
      if (from === to) {
        // Inside xmpp/modules each feature module is its own island; only the registry
        // (xmpp/modules/index.ts) imports them all, and no module imports the registry.
        if (from === 'xmpp/modules') {
          const a = fromRel.split(path.sep)[2];
          const b = toRel.split(path.sep)[2];
          if (a !== b && !isIndexFile(a) && b !== undefined)
            return report(from, toRel, 'modules cooperate through events, not imports');
        }
        return;
      }
      const rule = allowed[from];
      if (rule === null) return;
      if (!rule || !rule.includes(to))
        return report(from, toRel, `the dependency direction forbids ${from} → ${to}`);
      if (!isPublicEntry(to, toRel, srcRoot, target))
        return report(from, toRel, `use ${to}/index.ts, not its inner files`);
    }

    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
      TSImportType: check,
    };
  },
};
