import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareName, compareSrv, compareTxt, expectedRecords } from './expected-records.js';

const service = { serviceHostname: 'im.provider.net', c2sPort: 5222, c2sTlsPort: 5223 };

describe('the records a domain needs', () => {
  const [txt, srv, srvTls, name] = expectedRecords(
    'chat.example.com',
    { token: 'tok', needsTxt: true },
    service,
  );

  it('lists the TXT proof, both SRV records (XEP-0368) and the name itself', () => {
    assert.deepEqual(
      [txt, srv, srvTls, name].map((record) => `${record!.type} ${record!.name} ${record!.expected}`),
      [
        'TXT _imhost-verification.chat.example.com imhost-verification=tok',
        'SRV _xmpp-client._tcp.chat.example.com 0 5 5222 im.provider.net.',
        'SRV _xmpps-client._tcp.chat.example.com 0 5 5223 im.provider.net.',
        'CNAME chat.example.com im.provider.net.',
      ],
    );
    assert.equal(expectedRecords('x.im.provider.net', { token: 't', needsTxt: false }, service).length, 3);
  });

  it('tells a missing TXT record from one with another value', () => {
    assert.equal(compareTxt(txt!, ['v=spf1 -all']).status, 'missing');
    assert.equal(compareTxt(txt!, ['imhost-verification=old']).status, 'wrong');
    assert.equal(compareTxt(txt!, ['imhost-verification=old', 'imhost-verification=tok']).status, 'ok');
  });

  it('accepts any SRV record at the right target and port, and says where a wrong one points', () => {
    const target = { serviceHostname: 'im.provider.net', port: 5222 };
    assert.equal(
      compareSrv(srv!, [{ priority: 10, weight: 0, port: 5222, name: 'im.provider.net' }], target).status,
      'ok',
    );
    const wrong = compareSrv(srv!, [{ priority: 0, weight: 5, port: 5269, name: 'old.example.com' }], target);
    assert.equal(wrong.status, 'wrong');
    assert.match(
      wrong.explanation!,
      /points at old\.example\.com port 5269; it must point at im\.provider\.net port 5222/,
    );
    assert.equal(compareSrv(srv!, [], target).status, 'missing');
  });

  it('accepts the name as a CNAME to the service, or with the same addresses at a zone apex', () => {
    const base = { serviceHostname: 'im.provider.net', serviceAddresses: ['192.0.2.1', '2001:db8::1'] };
    assert.equal(compareName(name!, { ...base, cnames: ['im.provider.net'], addresses: [] }).status, 'ok');
    assert.equal(compareName(name!, { ...base, cnames: [], addresses: ['192.0.2.1'] }).status, 'ok');
    const elsewhere = compareName(name!, { ...base, cnames: [], addresses: ['198.51.100.7'] });
    assert.equal(elsewhere.status, 'wrong');
    assert.deepEqual(elsewhere.found, ['A 198.51.100.7']);
    assert.equal(compareName(name!, { ...base, cnames: [], addresses: [] }).status, 'missing');
  });
});
