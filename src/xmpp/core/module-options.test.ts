import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ModuleOptionError, option, resolveOptions } from './module-options.js';

const specs = {
  pageSize: option.integer({ default: 50, min: 1, max: 1000, description: 'results per page' }),
  mode: option.string({ default: 'fast', oneOf: ['fast', 'safe'], description: 'how' }),
  label: option.string({ default: 'imhost', description: 'any text' }),
  isOn: option.boolean({ default: true, description: 'on or off' }),
  hosts: option.list({ default: [], maxItems: 2, description: 'some names' }),
};

function refusal(configured: Record<string, unknown>): string {
  try {
    resolveOptions('demo', specs, configured);
  } catch (error) {
    assert.ok(error instanceof ModuleOptionError);
    return error.message;
  }
  assert.fail('accepted');
}

describe('module options', () => {
  it('takes the defaults, and what the configuration sets instead', () => {
    assert.deepEqual(resolveOptions('demo', specs), {
      pageSize: 50,
      mode: 'fast',
      label: 'imhost',
      isOn: true,
      hosts: [],
    });
    assert.deepEqual(
      resolveOptions('demo', specs, {
        pageSize: 1000,
        mode: 'safe',
        label: '',
        isOn: false,
        hosts: ['a', 'b'],
      }),
      { pageSize: 1000, mode: 'safe', label: '', isOn: false, hosts: ['a', 'b'] },
    );
  });

  it('refuses a value of the wrong type or out of bounds, naming the module and the option', () => {
    assert.equal(refusal({ pageSize: 0 }), 'demo.pageSize must be an integer from 1 to 1000, not 0');
    assert.equal(refusal({ pageSize: 2.5 }), 'demo.pageSize must be an integer from 1 to 1000, not 2.5');
    assert.equal(refusal({ pageSize: '50' }), 'demo.pageSize must be an integer from 1 to 1000, not "50"');
    assert.equal(refusal({ mode: 'slow' }), 'demo.mode must be one of fast, safe, not "slow"');
    assert.equal(refusal({ label: 7 }), 'demo.label must be a string, not 7');
    assert.equal(refusal({ isOn: 'yes' }), 'demo.isOn must be true or false, not "yes"');
    assert.equal(
      refusal({ hosts: ['a', 'b', 'c'] }),
      'demo.hosts must be a list of at most 2 strings, not ["a","b","c"]',
    );
    assert.equal(refusal({ hosts: [1] }), 'demo.hosts must be a list of at most 2 strings, not [1]');
  });

  it('checks every item of a list against its pattern', () => {
    const uris = {
      uris: option.list({
        default: [],
        maxItems: 3,
        items: { pattern: /^stun:[a-z.]+$/, description: 'STUN URIs' },
        description: 'servers',
      }),
    };
    assert.deepEqual(resolveOptions('demo', uris, { uris: ['stun:a.example'] }), {
      uris: ['stun:a.example'],
    });
    assert.throws(
      () => resolveOptions('demo', uris, { uris: ['stun:a.example', 'http://b.example'] }),
      /^ModuleOptionError: demo\.uris must be a list of at most 3 STUN URIs, not \["stun:a\.example","http:\/\/b\.example"\]$/,
    );
  });

  it('refuses an option the module does not have, listing those it has', () => {
    assert.equal(
      refusal({ pagesize: 10 }),
      'demo.pagesize is not an option of demo (its options: pageSize, mode, label, isOn, hosts)',
    );
    assert.throws(
      () => resolveOptions('bare', {}, { x: 1 }),
      /bare\.x is not an option of bare \(it has none\)/,
    );
  });
});
