import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeCertificate, type HeldCertificate } from './certificate-check.js';

const now = new Date('2026-06-01T00:00:00Z');
const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString();
const acme = (days: number, status: HeldCertificate['status'] = 'valid'): HeldCertificate => ({
  source: 'acme',
  status,
  notAfter: inDays(days),
  lastError: null,
});
const trusted = (days: number) => ({ isTrusted: true, trustError: null, notAfter: inDays(days) });

describe('certificate check', () => {
  it('passes a trusted certificate with weeks left', () => {
    const result = judgeCertificate(acme(60), trusted(60), now);
    assert.equal(result.status, 'pass');
    assert.match(result.summary, /60 days left/);
  });

  it('warns at 21 days left and fails at 7, and once expired', () => {
    assert.equal(judgeCertificate(acme(21), trusted(21), now).status, 'warn');
    assert.equal(judgeCertificate(acme(22), trusted(22), now).status, 'pass');
    assert.equal(judgeCertificate(acme(7), trusted(7), now).status, 'fail');
    const expired = judgeCertificate(acme(-1), trusted(-1), now);
    assert.equal(expired.status, 'fail');
    assert.match(expired.summary, /expired/);
  });

  it('judges what is served over what is held', () => {
    const result = judgeCertificate(acme(60), trusted(3), now);
    assert.equal(result.status, 'fail');
    assert.match(result.summary, /in 3 days/);
  });

  it('fails a certificate clients do not trust, saying why in plain words', () => {
    const selfSigned = judgeCertificate(
      { source: 'self_signed', status: 'self_signed', notAfter: inDays(800), lastError: null },
      { isTrusted: false, trustError: 'DEPTH_ZERO_SELF_SIGNED_CERT', notAfter: inDays(800) },
      now,
    );
    assert.equal(selfSigned.status, 'fail');
    assert.match(selfSigned.summary, /self-signed/);
    assert.equal(selfSigned.fixedBy, 'provider');
  });

  it("gives the customer the DNS fix when the CA refused because of the customer's records", () => {
    const result = judgeCertificate(
      {
        source: 'self_signed',
        status: 'failed',
        notAfter: inDays(800),
        lastError: 'the CA could not reach the domain',
      },
      { isTrusted: false, trustError: 'DEPTH_ZERO_SELF_SIGNED_CERT', notAfter: inDays(800) },
      now,
    );
    assert.equal(result.fixedBy, 'customer');
    assert.match(result.fix!, /could not reach the domain.*DNS records/);
  });

  it('fails a host without a certificate, and a port serving another one', () => {
    assert.equal(
      judgeCertificate({ source: 'none', status: 'none', notAfter: null, lastError: null }, undefined, now)
        .status,
      'fail',
    );
    const mismatch = judgeCertificate(acme(60, 'mismatch'), trusted(60), now);
    assert.equal(mismatch.status, 'fail');
    assert.match(mismatch.summary, /another certificate/);
  });

  it("falls back to the domain area's view when the server was not measured", () => {
    const result = judgeCertificate(acme(60), undefined, now);
    assert.equal(result.status, 'pass');
    assert.ok(result.details.some((line) => /Not measured/.test(line)));
  });
});
