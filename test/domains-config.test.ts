import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../src/bin/config.js';
import { ConfigError } from '../src/platform/index.js';

describe('domain settings', () => {
  it('requires verification by default only when ACME is configured', () => {
    assert.equal(loadConfig({}).domainVerification, 'off');
    const acme = loadConfig({ IMHOST_ACME_DIRECTORY_URL: 'https://acme.example/dir' });
    assert.equal(acme.domainVerification, 'required');
    assert.equal(
      loadConfig({ IMHOST_ACME_DIRECTORY_URL: 'https://acme.example/dir', IMHOST_DOMAIN_VERIFICATION: 'off' })
        .domainVerification,
      'off',
    );
  });

  it('points SRV records at the host of the public URL unless told otherwise', () => {
    assert.equal(
      loadConfig({ IMHOST_PUBLIC_URL: 'https://chat.provider.net' }).serviceHostname,
      'chat.provider.net',
    );
    assert.equal(
      loadConfig({ IMHOST_SERVICE_HOSTNAME: 'XMPP.Provider.net.' }).serviceHostname,
      'xmpp.provider.net',
    );
  });

  it('reads DNS servers as ip:port lists and refuses anything else', () => {
    assert.deepEqual(loadConfig({ IMHOST_DNS_SERVERS: '127.0.0.1:8053, [::1]:53,192.0.2.1' }).dnsServers, [
      '127.0.0.1:8053',
      '[::1]:53',
      '192.0.2.1',
    ]);
    assert.throws(() => loadConfig({ IMHOST_DNS_SERVERS: 'dns.example:53' }), ConfigError);
    assert.throws(() => loadConfig({ IMHOST_DNS_SERVERS: '127.0.0.1:0' }), ConfigError);
  });
});
