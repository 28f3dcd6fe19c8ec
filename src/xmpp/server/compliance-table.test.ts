import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderComplianceTable } from './compliance-table.js';
import { xmppModules } from '../modules/index.js';

describe('compliance table', () => {
  it('lists every specification the registered modules claim', () => {
    const rows = xmppModules.flatMap((m) => m.implements.map((claim) => ({ module: m.name, ...claim })));
    const table = renderComplianceTable(rows);
    for (const spec of [
      'XEP-0030',
      'XEP-0054',
      'XEP-0077',
      'XEP-0092',
      'XEP-0153',
      'XEP-0157',
      'XEP-0160',
      'XEP-0191',
      'XEP-0199',
      'XEP-0202',
      'XEP-0363',
      'XEP-0012',
      'RFC 6121',
    ])
      assert.match(table, new RegExp(`\\| ${spec} \\|`));
    assert.match(table, /\| XEP-0199 \| 2\.0\.1 \| ping \|/);
  });
});
