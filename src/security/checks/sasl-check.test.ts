import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeSasl } from './sasl-check.js';

const requiredTls = { isStartTlsOffered: true, isStartTlsRequired: true, mechanisms: [] };
const strong = ['SCRAM-SHA-256-PLUS', 'SCRAM-SHA-256', 'SCRAM-SHA-1', 'PLAIN'];

describe('SASL check', () => {
  it('passes when login waits for TLS and SCRAM-SHA-256 is offered after it', () => {
    const result = judgeSasl({ beforeTls: requiredTls, afterTls: strong });
    assert.equal(result.status, 'pass');
    assert.match(result.details[0]!, /no login offered \(encryption required\)/);
  });

  it('fails PLAIN before TLS, and a client port without STARTTLS', () => {
    const plain = judgeSasl({
      beforeTls: { isStartTlsOffered: true, isStartTlsRequired: false, mechanisms: ['SCRAM-SHA-1', 'PLAIN'] },
      afterTls: strong,
    });
    assert.equal(plain.status, 'fail');
    assert.match(plain.summary, /in the clear/);
    const noTls = judgeSasl({
      beforeTls: { isStartTlsOffered: false, isStartTlsRequired: false, mechanisms: [] },
      afterTls: null,
    });
    assert.equal(noTls.status, 'fail');
  });

  it('warns about a login possible before TLS, outdated mechanisms, or no SCRAM-SHA-256', () => {
    const early = judgeSasl({
      beforeTls: { isStartTlsOffered: true, isStartTlsRequired: false, mechanisms: ['SCRAM-SHA-1'] },
      afterTls: strong,
    });
    assert.equal(early.status, 'warn');
    assert.equal(judgeSasl({ beforeTls: requiredTls, afterTls: [...strong, 'DIGEST-MD5'] }).status, 'warn');
    const sha1 = judgeSasl({ beforeTls: requiredTls, afterTls: ['SCRAM-SHA-1', 'PLAIN'] });
    assert.equal(sha1.status, 'warn');
    assert.match(sha1.summary, /SCRAM-SHA-256/);
  });

  it('warns when nothing was measured', () => {
    assert.equal(judgeSasl(undefined).status, 'warn');
  });
});
