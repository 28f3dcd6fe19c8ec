import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createModuleKit } from '../../../test/xmpp/module-kit.js';
import { NS, StanzaError, xml, type Element } from '../stanza/index.js';
import { HookPriority } from './hooks.js';
import { defineModule, ModuleManager, type XmppModule } from './module-manager.js';
import { ModuleOptionError, option } from './module-options.js';
import { ModuleDependencyError } from './module-order.js';

const ECHO = 'urn:example:echo';

const echo = defineModule({
  name: 'echo',
  implements: [{ spec: 'XEP-9999', version: '0.1' }],
  options: { limit: option.integer({ default: 5, min: 1, max: 10, description: 'a bounded number' }) },
  setup(ctx) {
    ctx.feature(ECHO);
    ctx.iq({ target: 'host', type: 'get', xmlns: ECHO, name: 'echo' }, (request) => {
      if (request.payload.attrs.fail) throw new StanzaError('not-allowed');
      return xml('echo', { xmlns: ECHO, limit: String(ctx.options.limit) });
    });
  },
});

const condition = (reply: Element) => reply.getChild('error')?.children[0]?.toString();

describe('module manager and IQ dispatch', () => {
  it('answers with the handler result, its stanza error, or service-unavailable', async () => {
    const kit = createModuleKit({ modules: [echo], options: { echo: { limit: 7 } } });
    const alice = await kit.connect('alice@example.test/r');
    const ok = await kit.iq(alice, `<echo xmlns='${ECHO}'/>`, { to: 'example.test' });
    assert.equal(ok.attrs.type, 'result');
    assert.equal(ok.getChild('echo')?.attrs.limit, '7');
    const refused = await kit.iq(alice, `<echo xmlns='${ECHO}' fail='1'/>`, { to: 'example.test' });
    assert.equal(condition(refused), `<not-allowed xmlns="${NS.stanzas}"/>`);
    const unknown = await kit.iq(alice, "<other xmlns='urn:example:other'/>", { to: 'example.test' });
    assert.equal(condition(unknown), `<service-unavailable xmlns="${NS.stanzas}"/>`);
  });

  it('checks every module option before loading any, naming the module and the option', () => {
    const kit = createModuleKit({ modules: [] });
    const manager = kit.modules;
    assert.throws(
      () => manager.loadAll([echo], { echo: { limit: 11 } }),
      (error: unknown) =>
        error instanceof ModuleOptionError &&
        error.message === 'echo.limit must be an integer from 1 to 10, not 11',
    );
    assert.throws(
      () => manager.loadAll([echo], { echo: { nope: 1 } }),
      /echo\.nope is not an option of echo/,
    );
    assert.throws(
      () => manager.loadAll([echo], { ecoh: {} }),
      /ecoh is not an XMPP module \(the modules: echo\)/,
    );
    assert.equal(manager.isLoaded('echo'), false);
  });

  it('orders modules by their dependencies and refuses what is missing or circular', async () => {
    const kit = createModuleKit({ modules: [] });
    const order: string[] = [];
    const module = (name: string, deps: Partial<XmppModule> = {}) =>
      defineModule({ name, implements: [], options: {}, setup: () => void order.push(name), ...deps });
    kit.modules.loadAll([module('b', { requires: ['a'] }), module('c', { after: ['b'] }), module('a')]);
    assert.deepEqual(order, ['a', 'b', 'c']);
    await assert.rejects(kit.modules.unload('a'), /module a is required by b/);
    assert.throws(
      () => kit.modules.loadAll([module('x', { requires: ['y'] }), module('y', { requires: ['x'] })]),
      (error: unknown) => error instanceof ModuleDependencyError && /cycle: x → y → x/.test(error.message),
    );
    assert.throws(() => kit.modules.load(module('lonely', { requires: ['nowhere'] })), /requires nowhere/);
  });

  it('removes every declaration when a module is unloaded', async () => {
    const kit = createModuleKit({ modules: [] });
    const heard: string[] = [];
    let isStarted = false;
    const everything = defineModule({
      name: 'everything',
      implements: [{ spec: 'XEP-9998', version: '1' }],
      options: {},
      setup(ctx) {
        ctx.feature('urn:example:feature');
        ctx.identity({ category: 'test', type: 'thing' });
        ctx.streamFeature(xml('thing', { xmlns: 'urn:example:feature' }));
        ctx.hook('session/bound', HookPriority.observe, () => void heard.push('hook'));
        ctx.observe('message/routed', () => void heard.push('observer'));
        ctx.onTenancy('member.deleted', ({ username }) => void heard.push(`deleted ${username}`));
        ctx.items('host', () => [{ jid: 'thing.example.test' }]);
        ctx.http(async (app) => void app.get('/thing', async () => 'thing'));
        ctx.job({ name: 'xmpp.everything.tick', cron: '0 * * * *', run: async () => void heard.push('job') });
        ctx.provide('storage-usage', {
          storedBytes: async () => 1,
          storedBytesByHost: async () => new Map(),
        });
        ctx.onStart(async () => void (isStarted = true));
      },
    });
    kit.modules.load(everything);
    const { core, modules, jobs } = kit;
    await modules.start();
    assert.equal(isStarted, true);
    assert.deepEqual(modules.compliance(), [{ module: 'everything', spec: 'XEP-9998', version: '1' }]);
    assert.ok(core.disco.featuresOf('host').includes('urn:example:feature'));
    assert.deepEqual(jobs.crons.get('xmpp.everything.tick'), '0 * * * *');
    await jobs.run('xmpp.everything.tick');
    const [routes] = modules.httpRoutes();
    assert.equal(routes?.module, 'everything');
    assert.equal(routes.isLoaded(), true);
    assert.ok(modules.service('storage-usage'));
    await kit.connect('alice@example.test/r');
    kit.tenancy.emit('member.deleted', { hostId: 'host_1', domain: 'example.test', username: 'bob' });
    core.observers.notify('message/routed', {} as never);
    assert.deepEqual(heard, ['job', 'hook', 'deleted bob', 'observer']);

    await modules.unload('everything');
    heard.length = 0;
    await kit.connect('alice@example.test/s');
    kit.tenancy.emit('member.deleted', { hostId: 'host_1', domain: 'example.test', username: 'bob' });
    core.observers.notify('message/routed', {} as never);
    assert.deepEqual(heard, []);
    assert.ok(!core.disco.featuresOf('host').includes('urn:example:feature'));
    assert.deepEqual(core.disco.identitiesOf('host'), []);
    assert.deepEqual(core.disco.postAuthStreamFeatures(), []);
    assert.deepEqual(modules.compliance(), []);
    assert.equal(routes.isLoaded(), false, 'its HTTP routes answer 404 from now on');
    assert.equal(jobs.crons.has('xmpp.everything.tick'), false);
    await assert.rejects(jobs.run('xmpp.everything.tick'), /no job/);
    assert.equal(modules.service('storage-usage'), undefined);
  });

  it('reads any plan limit through one call', async () => {
    let seen: unknown[] = [];
    const limits = defineModule({
      name: 'limits',
      implements: [],
      options: {},
      setup(ctx) {
        ctx.hook('session/bound', HookPriority.observe, async ({ session }) => {
          seen = [
            await ctx.entitlement(session.host.id, 'archiveRetentionDays'),
            await ctx.entitlement(session.host.id, 'uploadQuotaMb'),
            await ctx.listEntitlements(),
          ];
        });
      },
    });
    const kit = createModuleKit({ modules: [limits], entitlements: { archiveRetentionDays: 30 } });
    await kit.connect('alice@example.test/r');
    assert.deepEqual(seen, [
      30,
      null,
      [
        {
          hostId: 'host_1',
          entitlements: {
            archiveRetentionDays: 30,
            uploadQuotaMb: null,
            pepStorageKb: null,
            maxRooms: null,
            maxRoomOccupants: null,
          },
        },
      ],
    ]);
  });

  it('runs hooks by priority and stops at the first that handles', async () => {
    const { core } = createModuleKit({ modules: [] });
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

  it('gives a module no storage without a database, and says so', () => {
    const kit = createModuleKit({ modules: [] });
    const manager = new ModuleManager({ core: kit.core, config: {} as never });
    const keeper = defineModule({
      name: 'keeper',
      implements: [],
      options: {},
      setup: (ctx) => void ctx.storage((db) => db),
    });
    assert.throws(() => manager.load(keeper), /module keeper keeps data, but no database was given/);
    assert.equal(manager.isLoaded('keeper'), false);
  });
});

describe('disco items', () => {
  const lister = defineModule({
    name: 'lister',
    implements: [],
    requires: ['disco'],
    options: {},
    setup(ctx) {
      ctx.items('host', ({ host }) => [{ jid: `rooms.${host.domain}`, name: 'Rooms' }]);
      ctx.items('account', async ({ to, payload }) =>
        payload.attrs.node === undefined ? [{ jid: `${to.local}@${to.domain}`, node: 'bookmarks' }] : [],
      );
      ctx.service({ label: 'files', identity: { category: 'store', type: 'file' }, features: [], forms: [] });
    },
  });
  const items = (reply: Element) =>
    reply
      .getChild('query', NS.discoItems)
      ?.getChildren('item')
      .map((item) => ({ ...item.attrs })) ?? [];
  const ask = (node?: string) => `<query xmlns='${NS.discoItems}'${node ? ` node='${node}'` : ''}/>`;

  it("lists what each module declares for the host and for an account, and a service's address", async () => {
    const kit = createModuleKit({ modules: [lister] });
    const alice = await kit.connect('alice@example.test/r');
    assert.deepEqual(items(await kit.iq(alice, ask(), { to: 'example.test' })), [
      { jid: 'rooms.example.test', name: 'Rooms' },
      { jid: 'files.example.test' },
    ]);
    assert.deepEqual(items(await kit.iq(alice, ask(), { to: 'alice@example.test' })), [
      { jid: 'alice@example.test', node: 'bookmarks' },
    ]);
    assert.deepEqual(
      items(await kit.iq(alice, ask('x'), { to: 'alice@example.test' })),
      [],
      'a node the module does not list is empty',
    );
    assert.deepEqual(items(await kit.iq(alice, ask(), { to: 'files.example.test' })), []);

    await kit.modules.unload('lister');
    assert.deepEqual(items(await kit.iq(alice, ask(), { to: 'example.test' })), []);
    assert.deepEqual(items(await kit.iq(alice, ask(), { to: 'alice@example.test' })), []);
  });
});
