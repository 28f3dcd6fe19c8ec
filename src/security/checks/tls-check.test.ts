import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TlsHandshake, VersionSupport } from '../../platform/tls/index.js';
import { judgeTls, type PortProbe } from './tls-check.js';

const handshake: TlsHandshake = {
  protocol: 'TLSv1.3',
  cipher: 'TLS_AES_256_GCM_SHA384',
  isTrusted: true,
  trustError: null,
  certificate: null,
  featuresBeforeTls: null,
  featuresAfterTls: null,
};
const versions = (accepted: string[], untested: string[] = []): VersionSupport[] =>
  (['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const).map((version) => ({
    version,
    status: accepted.includes(version) ? 'accepted' : untested.includes(version) ? 'untested' : 'refused',
    cipher: accepted.includes(version) ? 'X' : null,
    detail: untested.includes(version) ? 'no protocols available' : null,
  }));
const probe = (overrides: Partial<Extract<PortProbe, { handshake: TlsHandshake }>> = {}): PortProbe => ({
  mode: 'starttls',
  port: 5222,
  versions: versions(['TLSv1.2', 'TLSv1.3']),
  weakCipher: null,
  handshake,
  ...overrides,
});

describe('TLS check', () => {
  it('passes TLS 1.2 and 1.3 with strong ciphers only', () => {
    const result = judgeTls('tls_starttls', probe());
    assert.equal(result.status, 'pass');
    assert.equal(result.fix, null);
    assert.ok(result.details.includes('TLS 1.0: refused'));
    assert.ok(result.details.includes('TLS 1.3: accepted (X)'));
  });

  it('fails a port that accepts TLS 1.0 or 1.1, naming them', () => {
    const result = judgeTls(
      'tls_direct',
      probe({ versions: versions(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']) }),
    );
    assert.equal(result.status, 'fail');
    assert.match(result.summary, /TLS 1\.0 and TLS 1\.1/);
    assert.equal(result.fixedBy, 'provider');
    assert.ok(result.fix);
  });

  it('warns without TLS 1.3, or with a weak cipher accepted', () => {
    const old = judgeTls('tls_starttls', probe({ versions: versions(['TLSv1.2']) }));
    assert.equal(old.status, 'warn');
    assert.match(old.summary, /TLS 1\.3/);
    const weak = judgeTls('tls_starttls', probe({ weakCipher: 'ECDHE-ECDSA-AES256-SHA' }));
    assert.equal(weak.status, 'warn');
    assert.match(weak.summary, /ECDHE-ECDSA-AES256-SHA/);
  });

  it('says a version our TLS library cannot offer was not tested, without failing for it', () => {
    const result = judgeTls(
      'tls_starttls',
      probe({ versions: versions(['TLSv1.2', 'TLSv1.3'], ['TLSv1', 'TLSv1.1']) }),
    );
    assert.equal(result.status, 'pass');
    assert.match(result.details[0]!, /TLS 1\.0: not tested/);
  });

  it('fails a port that does not answer or will not start TLS, and warns when nothing was measured', () => {
    assert.equal(
      judgeTls('tls_direct', {
        mode: 'direct-tls',
        port: 5223,
        failure: 'unreachable',
        error: 'connect ECONNREFUSED',
      }).status,
      'fail',
    );
    const stream = judgeTls('tls_starttls', {
      mode: 'starttls',
      port: 5222,
      failure: 'stream',
      error: 'the server does not offer STARTTLS',
    });
    assert.equal(stream.status, 'fail');
    assert.match(stream.summary, /would not start encryption/);
    assert.equal(judgeTls('tls_starttls', undefined).status, 'warn');
  });
});
