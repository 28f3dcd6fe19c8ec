// The dependency direction between areas (see ../shared/STYLE.md), enforced on every relative import:
//   lib ← platform ← {accounts, tenancy} ← {billing, support, domains, monitoring} ← api ← bin
//   lib ← xmpp/stanza ← xmpp/core ← xmpp/{transports, auth, modules} ← bin
// XMPP sees the business only through tenancy/. Another area is reached only through its index.ts,
// and one XMPP module never imports another.
import path from 'node:path';

const BUSINESS = ['billing', 'support', 'domains', 'monitoring'];
const XMPP_OUTER = ['xmpp/transports', 'xmpp/auth', 'xmpp/modules', 'xmpp/server'];

/** Which areas each area may import (besides itself). */
const allowed = {
  lib: [],
  platform: ['lib'],
  accounts: ['lib', 'platform'],
  tenancy: ['lib', 'platform'],
  ...Object.fromEntries(
    BUSINESS.map((a) => [a, ['lib', 'platform', 'accounts', 'tenancy', ...BUSINESS.filter((b) => b !== a)]]),
  ),
  api: ['lib', 'platform', 'accounts', 'tenancy', ...BUSINESS],
  'xmpp/stanza': ['lib'],
  'xmpp/core': ['lib', 'platform', 'tenancy', 'xmpp/stanza'],
  ...Object.fromEntries(
    XMPP_OUTER.map((a) => [
      a,
      [
        'lib',
        'platform',
        'tenancy',
        'xmpp/stanza',
        'xmpp/core',
        ...XMPP_OUTER.filter((b) => b !== a && b !== 'xmpp/server'),
      ],
    ]),
  ),
  bin: null, // the composition root may import anything; nothing imports it
};
allowed['xmpp/server'] = [
  'lib',
  'platform',
  'tenancy',
  'xmpp/stanza',
  'xmpp/core',
  'xmpp/transports',
  'xmpp/auth',
  'xmpp/modules',
];

function areaOf(relativeToSrc) {
  const parts = relativeToSrc.split(path.sep);
  if (parts[0] === 'xmpp' && parts.length > 2) return `xmpp/${parts[1]}`;
  return parts[0];
}

export const boundaries = {
  meta: { type: 'problem', schema: [], messages: { denied: '{{from}} must not import {{to}}: {{why}}' } },
  create(context) {
    const srcRoot = path.resolve(context.cwd, 'src');
    const file = context.filename;
    if (!file.startsWith(srcRoot + path.sep)) return {};
    const fromRel = path.relative(srcRoot, file);
    const from = areaOf(fromRel);
    function check(node) {
      const spec = node.source && node.source.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), spec);
      if (!target.startsWith(srcRoot + path.sep)) return;
      const toRel = path.relative(srcRoot, target);
      const to = areaOf(toRel);
      const report = (why) =>
        context.report({ node: node.source, messageId: 'denied', data: { from, to: toRel, why } });
      if (to === 'bin' && from !== 'bin') return report('nothing imports the composition root');
      if (from === to) {
        // Inside xmpp/modules each feature module is its own island.
        if (from === 'xmpp/modules') {
          const a = fromRel.split(path.sep)[2];
          const b = toRel.split(path.sep)[2];
          if (a !== b && b !== 'index.ts' && b !== undefined)
            return report('modules cooperate through events, not imports');
        }
        return;
      }
      const rule = allowed[from];
      if (rule === null) return;
      if (!rule || !rule.includes(to)) return report(`the dependency direction forbids ${from} → ${to}`);
      // Another area is reached only through its public index.
      const areaRoot = to.includes('/') ? to : to;
      const inside = path.relative(path.join(srcRoot, areaRoot), target).split(path.sep);
      const isIndex = inside.length === 1 && /^index(\.js|\.ts)?$/.test(inside[0]);
      const isLib = to === 'lib' || to === 'xmpp/stanza';
      // platform is infrastructure: its sub-areas (db, tls, jobs…) each expose their own index.
      if (
        to === 'platform' &&
        (/^index(\.js|\.ts)?$/.test(inside[inside.length - 1]) ||
          inside.join('/') === 'config.js' ||
          inside.join('/') === 'config.ts')
      )
        return;
      if (!isIndex && !isLib && to !== 'xmpp/modules')
        return report(`use ${areaRoot}/index.ts, not its inner files`);
    }
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};
