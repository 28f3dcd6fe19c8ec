import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeDns, type CheckedRecord } from './dns-check.js';

const record = (status: CheckedRecord['status'], explanation: string | null = null): CheckedRecord => ({
  type: 'SRV',
  name: '_xmpp-client._tcp.chat.example.com',
  expected: '0 5 5222 xmpp.example.net.',
  status,
  explanation,
});

describe('DNS check', () => {
  it('passes when every record is right', () => {
    assert.equal(judgeDns([record('ok'), record('ok')]).status, 'pass');
  });

  it("fails a missing or wrong record with the domain area's explanation as the fix", () => {
    const result = judgeDns([record('ok'), record('missing', 'Add the SRV record.'), record('wrong')]);
    assert.equal(result.status, 'fail');
    assert.match(result.summary, /^2 of 3/);
    assert.match(
      result.fix!,
      /Add the SRV record\. Set the SRV record _xmpp-client\._tcp\.chat\.example\.com to 0 5 5222/,
    );
    assert.equal(result.fixedBy, 'customer');
  });

  it('warns about records not looked up yet', () => {
    const result = judgeDns([record('ok'), record('unchecked')]);
    assert.equal(result.status, 'warn');
    assert.match(result.fix!, /Check DNS now/);
  });
});
