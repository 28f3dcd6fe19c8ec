import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  COMPLIANCE_SUITE_2023,
  meetsLevel,
  missingProviders,
  renderSuiteTable,
  type Claim,
} from './compliance-suite.js';

const claim = (spec: string, module = 'm', note?: string): Claim => ({
  spec,
  version: '1',
  module,
  ...(note && { note }),
});
const row = (feature: string) => COMPLIANCE_SUITE_2023.find((r) => r.feature === feature)!;

describe('XEP-0479 compliance suite', () => {
  it('supports a row when every provider it lists is claimed', () => {
    const groupChat = row('Group Chat');
    assert.deepEqual(missingProviders(groupChat, [claim('XEP-0045')]), ['XEP-0249']);
    assert.deepEqual(missingProviders(groupChat, [claim('XEP-0045'), claim('XEP-0249')]), []);
  });

  it('asks room archives of Advanced Group Chat, not the user archive', () => {
    const advanced = row('Advanced Group Chat');
    const others = ['XEP-0048', 'XEP-0402', 'XEP-0410'].map((spec) => claim(spec));
    assert.deepEqual(missingProviders(advanced, [...others, claim('XEP-0313', 'mam')]), [
      'XEP-0313 (room archives)',
    ]);
    assert.deepEqual(
      missingProviders(advanced, [...others, claim('XEP-0045', 'muc'), claim('XEP-0313', 'muc')]),
      [],
    );
    assert.deepEqual(missingProviders(advanced, [...others, claim('XEP-0313', 'rooms', 'MUC archives')]), []);
  });

  it('marks the rows that are missing and tells whether a level is met', () => {
    const everything = COMPLIANCE_SUITE_2023.flatMap((r) => r.providers.map((p) => claim(p.spec, 'all')));
    assert.ok(meetsLevel('advancedServer', [...everything, claim('XEP-0045', 'all')]));
    const withoutSm = everything.filter((c) => c.spec !== 'XEP-0198');
    assert.ok(meetsLevel('server', withoutSm), 'stream management is asked of advanced servers only');
    assert.ok(!meetsLevel('advancedServer', withoutSm));
    assert.match(
      renderSuiteTable(withoutSm),
      /\| Stream Management \| – \| required \| XEP-0198 \| \*\*not supported\*\* \(no XEP-0198\) \| {2}\|/,
    );
  });
});
