import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimulatedClock } from '../../lib/clock.js';
import type { Db } from '../../platform/db/index.js';
import { jid, StanzaError, xml } from '../stanza/index.js';
import { HookPriority } from './hooks.js';
import { createXmppMetrics } from './metrics.js';
import { defineModule, ModuleManager, ModuleOptionError } from './module-manager.js';
import type { HostDirectory, HostRecord } from './ports.js';
import { createLocalSessionRouter } from './session-router.js';
import { XmppCore } from './xmpp-core.js';

const host: HostRecord = {
  id: 'host_1',
  domain: 'example.test',
  status: 'active',
  statusReason: null,
  customerId: 'cus_1',
};
const directory: HostDirectory = {
  findHostByDomain: async (d) => (d === host.domain ? host : null),
  getCredentials: async () => null,
  recordLogin: async () => {},
  recordActivity: async () => {},
  memberExists: async () => true,
  changePassword: async () => {},
  archiveRetentionDays: async () => null,
  uploadQuotaMb: async () => null,
};
const silent = { debug() {}, info() {}, warn() {}, error() {} };

function newCore(): XmppCore {
  // No query runs in these tests; the core only keeps the handle.
  return new XmppCore({
    directory,
    sessions: createLocalSessionRouter(),
    db: {} as Db,
    clock: new SimulatedClock(),
    logger: silent,
    metrics: createXmppMetrics(undefined),
  });
}

const ctx = (payload: ReturnType<typeof xml>, type = 'get') => ({
  stanza: xml('iq', { type, id: '1', from: 'a@example.test/r', to: 'example.test' }, payload),
  from: jid('a', 'example.test', 'r'),
  to: jid('', 'example.test'),
  host,
});

describe('module manager and IQ dispatch', () => {
  const echo = defineModule({
    name: 'echo',
    implements: [{ spec: 'XEP-9999', version: '0.1' }],
    options: { limit: { default: 5, min: 1, max: 10, description: 'a bounded number' } },
    setup(api) {
      api.feature('urn:example:echo');
      api.iq({ target: 'host', type: 'get', xmlns: 'urn:example:echo', name: 'echo' }, (request) => {
        if (request.payload.attrs.fail) throw new StanzaError('not-allowed');
        return xml('echo', { xmlns: 'urn:example:echo', limit: String(api.options.limit) });
      });
    },
  });

  it('answers with the handler result, its stanza error, or service-unavailable', async () => {
    const core = newCore();
    new ModuleManager(core).load(echo, { limit: 7 });
    const ok = await core.iqHandlers.answer('host', ctx(xml('echo', { xmlns: 'urn:example:echo' })));
    assert.equal(ok.attrs.type, 'result');
    assert.equal(ok.getChild('echo')?.attrs.limit, '7');
    const refused = await core.iqHandlers.answer(
      'host',
      ctx(xml('echo', { xmlns: 'urn:example:echo', fail: '1' })),
    );
    assert.ok(refused.getChild('error')?.getChild('not-allowed', 'urn:ietf:params:xml:ns:xmpp-stanzas'));
    const unknown = await core.iqHandlers.answer('host', ctx(xml('other', { xmlns: 'urn:example:other' })));
    assert.ok(
      unknown.getChild('error')?.getChild('service-unavailable', 'urn:ietf:params:xml:ns:xmpp-stanzas'),
    );
    const noPayload = await core.iqHandlers.answer('host', ctx(xml('x'), 'set'));
    assert.equal(noPayload.attrs.type, 'error');
  });

  it('removes every registration when a module is unloaded', async () => {
    const core = newCore();
    const modules = new ModuleManager(core);
    modules.load(echo);
    assert.deepEqual(modules.compliance(), [{ module: 'echo', spec: 'XEP-9999', version: '0.1' }]);
    assert.ok(core.disco.featuresOf('host').includes('urn:example:echo'));
    await modules.unload('echo');
    assert.ok(!core.disco.featuresOf('host').includes('urn:example:echo'));
    const reply = await core.iqHandlers.answer('host', ctx(xml('echo', { xmlns: 'urn:example:echo' })));
    assert.equal(reply.attrs.type, 'error');
  });

  it('refuses options outside their bounds or unknown', () => {
    assert.throws(() => new ModuleManager(newCore()).load(echo, { limit: 11 }), ModuleOptionError);
    assert.throws(() => new ModuleManager(newCore()).load(echo, { nope: 1 }), ModuleOptionError);
  });

  it('runs hooks by priority and stops at the first that handles', async () => {
    const core = newCore();
    const order: string[] = [];
    core.hooks.on('session/bound', HookPriority.handle, () => void order.push('handle'));
    core.hooks.on('session/bound', HookPriority.filter, () => {
      order.push('filter');
      return true;
    });
    core.hooks.on('session/bound', HookPriority.fallback, () => void order.push('fallback'));
    assert.equal(await core.hooks.fire('session/bound', { session: {} as never }), true);
    assert.deepEqual(order, ['filter']);
  });
});
