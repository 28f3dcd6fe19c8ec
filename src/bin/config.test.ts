import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from '../platform/index.js';
import { configOptions, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives the documented defaults on an empty environment', () => {
    const config = loadConfig({});
    assert.equal(config.httpPort, 8080);
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.dataDir, path.resolve('./data'));
    assert.equal(config.publicUrl, 'http://localhost:8080');
    assert.equal(config.staff2fa, 'required');
    assert.equal(config.clock, 'system');
    assert.equal(config.defaultUploadQuotaMb, 100);
  });

  it('gives every option, whichever area declares it, a key and a variable of its own', () => {
    assert.equal(new Set(configOptions.map((option) => option.key)).size, configOptions.length);
    assert.equal(new Set(configOptions.map((option) => option.env)).size, configOptions.length);
  });

  it('derives the public URL from the HTTP port when unset', () => {
    assert.equal(loadConfig({ IMHOST_HTTP_PORT: '9000' }).publicUrl, 'http://localhost:9000');
  });

  it('stops on a bad value with a message naming the key', () => {
    assert.throws(
      () => loadConfig({ IMHOST_HTTP_PORT: 'eighty' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /IMHOST_HTTP_PORT/);
        return true;
      },
    );
    assert.throws(() => loadConfig({ IMHOST_DATABASE_URL: 'mysql://x' }), /IMHOST_DATABASE_URL/);
    assert.throws(
      () => loadConfig({ IMHOST_STAFF_2FA: 'sometimes' }),
      /IMHOST_STAFF_2FA.*required, optional/,
    );
    assert.throws(() => loadConfig({ IMHOST_PUBLIC_URL: 'ftp://x' }), /IMHOST_PUBLIC_URL/);
    assert.throws(
      () => loadConfig({ IMHOST_DEFAULT_UPLOAD_QUOTA_MB: '-1' }),
      /IMHOST_DEFAULT_UPLOAD_QUOTA_MB/,
    );
    assert.equal(loadConfig({ IMHOST_DEFAULT_UPLOAD_QUOTA_MB: '0' }).defaultUploadQuotaMb, 0);
  });

  it('reads a JSON config file, with the environment taking precedence', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'imhost-config-'));
    const file = path.join(dir, 'imhost.json');
    writeFileSync(file, JSON.stringify({ httpPort: 9090, logLevel: 'warn' }));
    const config = loadConfig({ IMHOST_CONFIG_FILE: file, IMHOST_LOG_LEVEL: 'error' });
    assert.equal(config.httpPort, 9090);
    assert.equal(config.logLevel, 'error');
  });

  it('refuses unknown keys and bad values in the config file, naming them', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'imhost-config-'));
    const file = path.join(dir, 'imhost.json');
    writeFileSync(file, JSON.stringify({ htppPort: 1 }));
    assert.throws(() => loadConfig({ IMHOST_CONFIG_FILE: file }), /htppPort/);
    writeFileSync(file, JSON.stringify({ httpPort: 70000 }));
    assert.throws(() => loadConfig({ IMHOST_CONFIG_FILE: file }), /httpPort \(config file\)/);
    writeFileSync(file, '{not json');
    assert.throws(() => loadConfig({ IMHOST_CONFIG_FILE: file }), /IMHOST_CONFIG_FILE/);
  });

  it('reads XMPP module options as JSON from the environment or as an object from the config file', () => {
    assert.deepEqual(loadConfig({}).xmppModules, {});
    const options = { mam: { writeDelayMs: 100 }, offline: { maxPerUser: 5 } };
    assert.deepEqual(loadConfig({ IMHOST_XMPP_MODULES: JSON.stringify(options) }).xmppModules, options);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'imhost-config-'));
    const file = path.join(dir, 'imhost.json');
    writeFileSync(file, JSON.stringify({ xmppModules: { ping: { intervalMs: 1000 } } }));
    assert.deepEqual(loadConfig({ IMHOST_CONFIG_FILE: file }).xmppModules, { ping: { intervalMs: 1000 } });
    for (const bad of ['{not json', '[]', '{"mam": 5}', '{"mam": []}'])
      assert.throws(
        () => loadConfig({ IMHOST_XMPP_MODULES: bad }),
        /IMHOST_XMPP_MODULES must be a JSON object of XMPP modules to their options/,
        bad,
      );
  });

  it('needs the EPP server and login once EPP renews domains, and a positive renewal lead', () => {
    const config = loadConfig({});
    assert.equal(config.registrar, 'manual');
    assert.equal(config.domainRenewalLeadDays, 30);
    assert.equal(config.eppPort, 700);
    assert.throws(
      () => loadConfig({ IMHOST_REGISTRAR: 'epp', IMHOST_EPP_HOST: 'epp.registrar.example' }),
      /IMHOST_EPP_CLIENT_ID is required when IMHOST_REGISTRAR is epp/,
    );
    const epp = loadConfig({
      IMHOST_REGISTRAR: 'epp',
      IMHOST_EPP_HOST: 'epp.registrar.example',
      IMHOST_EPP_CLIENT_ID: 'imhost',
      IMHOST_EPP_PASSWORD: 'secret',
      IMHOST_RDAP_BASE_URL: 'https://rdap.example/',
    });
    assert.equal(epp.rdapBaseUrl, 'https://rdap.example');
    assert.throws(() => loadConfig({ IMHOST_DOMAIN_RENEWAL_LEAD_DAYS: '0' }), /must be a positive integer/);
  });
});
