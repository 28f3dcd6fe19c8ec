import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REDACTED, redactSecrets } from './redact-secrets.js';

describe('redactSecrets', () => {
  it('hides passwords in key=value, JSON and YAML-ish forms', () => {
    assert.equal(
      redactSecrets('login user=alice password=hunter22 ok'),
      `login user=alice password=${REDACTED} ok`,
    );
    assert.equal(
      redactSecrets('{"user":"a","password":"hunter22"}'),
      `{"user":"a","password":"${REDACTED}"}`,
    );
    assert.equal(redactSecrets('db_pass: s3cr3t!'), `db_pass: ${REDACTED}`);
    assert.equal(redactSecrets('client_secret=abc&x=1'), `client_secret=${REDACTED}&x=1`);
  });

  it('hides Authorization headers and bearer credentials', () => {
    const log = 'GET /api HTTP/1.1\nAuthorization: Bearer abc.def.ghi123\nAccept: */*';
    assert.equal(redactSecrets(log), `GET /api HTTP/1.1\nAuthorization: ${REDACTED}\nAccept: */*`);
    assert.equal(
      redactSecrets('headers={"x":"Bearer 0123456789abcdef"}'),
      `headers={"x":"Bearer ${REDACTED}"}`,
    );
    assert.equal(redactSecrets('Cookie: imhost_session=abcdef'), `Cookie: ${REDACTED}`);
  });

  it('hides SASL payloads in XMPP and SMTP logs', () => {
    const xmpp =
      "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFsaWNlAGh1bnRlcjI=</auth>";
    assert.equal(
      redactSecrets(xmpp),
      `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${REDACTED}</auth>`,
    );
    const scram = '<response xmlns="urn:ietf:params:xml:ns:xmpp-sasl">Yz1iaXdzLHI9</response>';
    assert.ok(!redactSecrets(scram).includes('Yz1iaXdzLHI9'));
    assert.equal(redactSecrets('C: AUTH PLAIN AGFsaWNlAGh1bnRlcjI='), `C: AUTH PLAIN ${REDACTED}`);
  });

  it('hides tokens: URL passwords, JWTs and known token formats', () => {
    assert.equal(redactSecrets('smtp://bob:pa55@mail.example'), `smtp://bob:${REDACTED}@mail.example`);
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJl';
    assert.equal(redactSecrets(`got ${jwt} back`), `got ${REDACTED} back`);
    assert.equal(redactSecrets('key imh_0123456789abcdefghij used'), `key ${REDACTED} used`);
    assert.equal(redactSecrets('?access_token=xyz789&a=b'), `?access_token=${REDACTED}&a=b`);
  });

  it('leaves ordinary log lines alone', () => {
    const line =
      '2026-01-15 10:00:01 c2s connection from 192.0.2.1 closed: connection timeout (user alice@example.org)';
    assert.equal(redactSecrets(line), line);
  });
});
