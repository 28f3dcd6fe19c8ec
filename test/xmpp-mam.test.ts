/**
 * XEP-0313 message archives end to end: @xmpp/client paging through archives over WebSocket, and
 * raw sockets for preferences, errors, tenant isolation, retention from the host's plan (on the
 * simulated clock, with the purge job run by the durable scheduler) and deletion with the member
 * or host.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { HostEntitlementsInput } from '../src/tenancy/index.js';
import { purgeExpiredArchive } from '../src/xmpp/modules/mam/index.js';
import { createArchiveRepository, type StoredMessage } from '../src/xmpp/modules/mam/archive.repository.js';
import { testDialects } from './support/databases.js';
import type { Element } from '../src/xmpp/stanza/index.js';
import { messageWith } from './xmpp/element-match.js';
import { loginRaw, request, type RawClient } from './xmpp/raw-client.js';
import { startXmppTestServer, type XmppTestServer } from './xmpp/server-harness.js';

const D = 'mam.example.test';
const OTHER = 'other.example.test';
const RETAIN = 'retain.example.test';
const PW = 'correct horse battery';
const SCRIPT = path.join(import.meta.dirname, 'xmpp', 'mam-client-scenario.ts');
const DAY_MS = 86_400_000;
const FORM_TYPE = "<field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field>";

function runScenario(service: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--experimental-websocket', '--no-warnings', '--import', 'tsx', SCRIPT, service, D, PW],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

function plan(archiveRetentionDays: number): HostEntitlementsInput {
  return { maxMembers: 100, uploadQuotaMb: 100, archiveRetentionDays, customDomain: false };
}

interface Archive {
  /** The IQ that ends the results: a result with <fin/>, or an error. */
  fin: Element;
  bodies: string[];
  ids: string[];
}

const STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas';
const conditionOf = (iq: Element) =>
  iq.getChild('error')?.children.find((c): c is Element => typeof c !== 'string' && c.attrs.xmlns === STANZAS)
    ?.name;
/** The stanza-id a message carries, as XEP-0359 puts it. */
const stanzaIdOf = (message: Element) => message.getChild('stanza-id', 'urn:xmpp:sid:0');

for (const dialect of testDialects()) {
  describe(`XEP-0313 message archives (${dialect})`, () => {
    let server: XmppTestServer;
    const cas = new Map<string, string>();
    const hostIds = new Map<string, string>();
    const open: RawClient[] = [];

    before(async () => {
      server = await startXmppTestServer(dialect);
      const users: Record<string, string[]> = {
        [D]: ['alice', 'bob', 'carol', 'dave', 'erin', 'ivy', 'judy'],
        [OTHER]: ['carol', 'frank'],
        [RETAIN]: ['gina', 'hank'],
      };
      for (const [domain, names] of Object.entries(users)) {
        await server.addHost(domain);
        for (const name of names) await server.addMember(domain, name, PW);
        cas.set(domain, await server.certificatePem(domain));
        hostIds.set(domain, (await server.app.ctx.tenancy.findHostByDomain(domain))!.id);
      }
    });
    after(async () => {
      for (const client of open) client.close();
      await server.close();
    });

    async function online(jid: string): Promise<RawClient> {
      const [user, domain] = jid.split('@') as [string, string];
      const client = await loginRaw(server.c2sPort, domain, user, PW, cas.get(domain)!, 'r');
      open.push(client);
      // The retention test moves the clock by weeks, which sends server pings: a live client answers.
      client.answerPings(domain);
      client.write('<presence/>');
      await client.waitFor({ name: 'presence', attrs: { from: `${jid}/r` } });
      return client;
    }

    /**
     * Moves the clock, which pings every session once the ping interval has passed; two round trips
     * per client make sure the server has read each answer before the clock can move again.
     */
    async function advanceAnswered(ms: number, clients: RawClient[]): Promise<void> {
      server.app.clock.advance(ms);
      for (const client of clients)
        for (let trip = 0; trip < 2; trip++)
          await request(client, `<iq type='get'><ping xmlns='urn:xmpp:ping'/></iq>`);
    }

    async function chat(from: RawClient, to: RawClient, toJid: string, body: string): Promise<Element> {
      from.write(`<message type='chat' to='${toJid}'><body>${body}</body></message>`);
      return to.waitFor(messageWith(body));
    }

    /** Queries the client's own archive (or `to`'s); results arrive before the IQ that ends them. */
    async function query(client: RawClient, inner = '', to?: string): Promise<Archive> {
      const asked = client.mark();
      const fin = await request(
        client,
        `<iq type='set'${to ? ` to='${to}'` : ''}><query xmlns='urn:xmpp:mam:2' queryid='x'>${inner}</query></iq>`,
      );
      const received = client.received(asked);
      const results = received
        .slice(0, received.indexOf(fin))
        .map((message) => message.getChild('result', 'urn:xmpp:mam:2'))
        .filter((result) => result !== undefined);
      return {
        fin,
        bodies: results.map(
          (result) => result.getChild('forwarded')?.getChild('message')?.getChildText('body') ?? '',
        ),
        ids: results.map((result) => String(result.attrs.id)),
      };
    }

    const form = (fields: string) => `<x xmlns='jabber:x:data' type='submit'>${FORM_TYPE}${fields}</x>`;
    const field = (name: string, value: string) => `<field var='${name}'><value>${value}</value></field>`;

    /** Copies kept in the host's archives (a message both parties keep counts twice), or in one's. */
    async function archiveRows(domain: string, username?: string): Promise<number> {
      const { db } = server.app.ctx.database;
      let copies = 0;
      for (const [host, user] of [
        ['to_host_id', 'to_username'],
        ['from_host_id', 'from_username'],
      ] as const) {
        let rows = db
          .selectFrom('xmpp_archive_messages')
          .select((eb) => eb.fn.countAll<string | number>().as('n'))
          .where(host, '=', hostIds.get(domain)!);
        if (username) rows = rows.where(user, '=', username);
        copies += Number((await rows.executeTakeFirstOrThrow()).n);
      }
      return copies;
    }

    it('archives a chat that @xmpp/client pages through forwards and backwards', async () => {
      const { code, output } = await runScenario(`ws://127.0.0.1:${server.httpPort}/xmpp-websocket`);
      assert.equal(code, 0, output);
    });

    it('rejects malformed queries and unknown ids, and answers the form', async () => {
      const dave = await online(`dave@${D}`);
      const badStart = await query(dave, form(field('start', 'last tuesday')));
      assert.equal(badStart.fin.attrs.type, 'error');
      assert.equal(conditionOf(badStart.fin), 'bad-request');
      // XEP-0313 §4.1.5: a field the server does not know is feature-not-implemented.
      const badField = await query(dave, form(field('colour', 'blue')));
      assert.equal(conditionOf(badField.fin), 'feature-not-implemented');
      const badMax = await query(dave, "<set xmlns='http://jabber.org/protocol/rsm'><max>lots</max></set>");
      assert.equal(conditionOf(badMax.fin), 'bad-request');
      const unknownAfter = await query(
        dave,
        "<set xmlns='http://jabber.org/protocol/rsm'><after>mam_nonexistent</after></set>",
      );
      assert.equal(conditionOf(unknownAfter.fin), 'item-not-found');
      const unknownAfterId = await query(dave, form(field('after-id', 'mam_nonexistent')));
      assert.equal(conditionOf(unknownAfterId.fin), 'item-not-found');
      const fields = await request(dave, "<iq type='get'><query xmlns='urn:xmpp:mam:2'/></iq>");
      const names = fields
        .getChild('query')
        ?.getChild('x', 'jabber:x:data')
        ?.getChildren('field')
        .map((f) => f.attrs.var);
      for (const name of ['with', 'start', 'end', 'after-id', 'before-id'])
        assert.ok(names?.includes(name), `${name} in ${fields.toString()}`);
    });

    it('answers the extended queries: ids, between ids, metadata, flipped pages, RSM index', async () => {
      const ivy = await online(`ivy@${D}`);
      const judy = await online(`judy@${D}`);
      const info = await request(
        ivy,
        `<iq type='get' to='ivy@${D}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>`,
      );
      const features = info
        .getChild('query')
        ?.getChildren('feature')
        .map((f) => f.attrs.var);
      assert.ok(features?.includes('urn:xmpp:mam:2#extended'), info.toString());

      const metadata = async () =>
        (await request(ivy, "<iq type='get'><metadata xmlns='urn:xmpp:mam:2'/></iq>")).getChild(
          'metadata',
          'urn:xmpp:mam:2',
        );
      const empty = await metadata();
      assert.ok(empty, 'an empty archive has metadata too');
      assert.deepEqual(empty.children, [], 'and it names no message');

      for (const n of [1, 2, 3, 4, 5]) await chat(judy, ivy, `ivy@${D}`, `x${n}`);
      const all = await query(ivy);
      assert.deepEqual(all.bodies, ['x1', 'x2', 'x3', 'x4', 'x5']);

      const edges = (await metadata())!;
      assert.equal(edges.getChild('start')?.attrs.id, all.ids[0]);
      assert.equal(edges.getChild('end')?.attrs.id, all.ids[4]);
      for (const edge of ['start', 'end'])
        assert.match(
          String(edges.getChild(edge)?.attrs.timestamp),
          /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/,
        );

      const ids = `<field var='ids'><value>${all.ids[3]}</value><value>${all.ids[1]}</value></field>`;
      assert.deepEqual((await query(ivy, form(ids))).bodies, ['x2', 'x4']);
      const missing = `<field var='ids'><value>${all.ids[0]}</value><value>mam_nonexistent</value></field>`;
      assert.equal(conditionOf((await query(ivy, form(missing))).fin), 'item-not-found');

      const between = await query(
        ivy,
        form(field('after-id', all.ids[0]!) + field('before-id', all.ids[4]!)),
      );
      assert.deepEqual(between.bodies, ['x2', 'x3', 'x4']);

      const rsm = (inner: string) => `<set xmlns='http://jabber.org/protocol/rsm'>${inner}</set>`;
      const byIndex = await query(ivy, rsm('<max>2</max><index>2</index>'));
      assert.deepEqual(byIndex.bodies, ['x3', 'x4']);
      const set = byIndex.fin.getChild('fin')?.getChild('set');
      assert.equal(set?.getChild('first')?.attrs.index, '2');
      assert.equal(set?.getChildText('count'), '5');
      assert.equal(byIndex.fin.getChild('fin')?.attrs.complete, undefined, 'x5 is still to come');
      const pastTheEnd = await query(ivy, rsm('<max>2</max><index>9</index>'));
      assert.deepEqual(pastTheEnd.bodies, []);
      assert.equal(pastTheEnd.fin.getChild('fin')?.attrs.complete, 'true');

      const flipped = await query(ivy, rsm('<max>3</max><before/>') + '<flip-page/>');
      assert.deepEqual(flipped.bodies, ['x5', 'x4', 'x3'], 'the last page, newest first');
      const flippedSet = flipped.fin.getChild('fin')?.getChild('set');
      assert.equal(
        flippedSet?.getChildText('first'),
        all.ids[2],
        'first and last still name the page in order',
      );
      assert.equal(flippedSet?.getChildText('last'), all.ids[4]);
    });

    it('keeps each archive to its owner, and each host to itself', async () => {
      const carol = await online(`carol@${D}`);
      const dave = await online(`dave@${D}`);
      const otherCarol = await online(`carol@${OTHER}`);
      const frank = await online(`frank@${OTHER}`);
      await chat(carol, dave, `dave@${D}`, 'for-dave-only');
      await chat(frank, otherCarol, `carol@${OTHER}`, 'other-host-secret');

      // Dave cannot read Carol's archive, whatever he addresses.
      const snooped = await query(dave, '', `carol@${D}`);
      assert.equal(conditionOf(snooped.fin), 'forbidden');
      assert.deepEqual(snooped.bodies, []);
      // Nor reach her items by id: an id names an item only in the archives that hold it.
      await chat(carol, await online(`bob@${D}`), `bob@${D}`, 'for-bob-only');
      const carolsOwn = await query(carol);
      assert.deepEqual(carolsOwn.bodies, ['for-dave-only', 'for-bob-only']);
      const probe = await query(dave, form(field('after-id', carolsOwn.ids[1]!)));
      assert.equal(conditionOf(probe.fin), 'item-not-found');
      const daves = await query(dave, form(field('after-id', carolsOwn.ids[0]!)));
      assert.equal(daves.fin.attrs.type, 'result', 'the message both keep has one id in both archives');

      // The same username on another host is another archive.
      const otherArchive = await query(otherCarol);
      assert.deepEqual(otherArchive.bodies, ['other-host-secret']);
      assert.doesNotMatch((await query(carol)).bodies.join(' '), /other-host-secret/);
      const frankArchive = await query(frank);
      assert.deepEqual(frankArchive.bodies, ['other-host-secret']);
    });

    it('stores preferences and honours always and never', async () => {
      const carol = await online(`carol@${D}`);
      const dave = await online(`dave@${D}`);
      const erin = await online(`erin@${D}`);
      const set = await request(
        erin,
        "<iq type='set'><prefs xmlns='urn:xmpp:mam:2' default='never'><always><jid>carol@mam.example.test</jid></always><never/></prefs></iq>",
      );
      assert.equal(set.attrs.type, 'result');
      assert.equal(set.getChild('prefs')?.attrs.default, 'never');
      const got = (await request(erin, "<iq type='get'><prefs xmlns='urn:xmpp:mam:2'/></iq>")).getChild(
        'prefs',
      )!;
      assert.equal(got.attrs.default, 'never');
      assert.deepEqual(
        got
          .getChild('always')
          ?.getChildren('jid')
          .map((jid) => jid.text()),
        ['carol@mam.example.test'],
      );
      const bad = await request(erin, "<iq type='set'><prefs xmlns='urn:xmpp:mam:2' default='often'/></iq>");
      assert.equal(conditionOf(bad), 'bad-request');

      const fromCarol = await chat(carol, erin, `erin@${D}`, 'carol-is-always-kept');
      assert.equal(stanzaIdOf(fromCarol)?.attrs.by, 'erin@mam.example.test');
      const fromDave = await chat(dave, erin, `erin@${D}`, 'dave-is-never-kept');
      assert.equal(stanzaIdOf(fromDave), undefined);
      assert.deepEqual((await query(erin)).bodies, ['carol-is-always-kept']);
      // Erin's preferences are hers: Dave's own archive keeps what he sent.
      assert.match((await query(dave)).bodies.join(' '), /dave-is-never-kept/);

      // `roster`: only contacts in the user's roster.
      const bob = await online(`bob@${D}`);
      await request(dave, "<iq type='set'><prefs xmlns='urn:xmpp:mam:2' default='roster'/></iq>");
      await request(
        dave,
        `<iq type='set'><query xmlns='jabber:iq:roster'><item jid='bob@${D}'/></query></iq>`,
      );
      assert.ok(stanzaIdOf(await chat(bob, dave, `dave@${D}`, 'from-a-contact')));
      assert.equal(stanzaIdOf(await chat(carol, dave, `dave@${D}`, 'from-a-stranger')), undefined);
      const daves = (await query(dave)).bodies.join(' ');
      assert.match(daves, /from-a-contact/);
      assert.doesNotMatch(daves, /from-a-stranger/);

      // A forged stanza id in Erin's name does not reach her.
      carol.write(
        `<message type='chat' to='erin@${D}'><body>forged</body><stanza-id xmlns='urn:xmpp:sid:0' by='erin@${D}' id='fake'/></message>`,
      );
      const forged = await erin.waitFor(messageWith('forged'));
      assert.ok(
        forged.getChildren('stanza-id', 'urn:xmpp:sid:0').every((id) => id.attrs.id !== 'fake'),
        forged.toString(),
      );
    });

    it('hides messages past the plan retention at once, and the purge job deletes them', async () => {
      const { ctx, clock } = server.app;
      const hostId = hostIds.get(RETAIN)!;
      await ctx.platform.jobs.runDue(); // registers the recurring schedules at the current time
      const gina = await online(`gina@${RETAIN}`);
      const hank = await online(`hank@${RETAIN}`);
      await chat(gina, hank, `hank@${RETAIN}`, 'old-news');
      const carol = await online(`carol@${D}`);
      const dave = await online(`dave@${D}`);
      await chat(dave, carol, `carol@${D}`, 'kept-without-a-plan');
      const oldId = (await query(hank)).ids[0]!;
      await advanceAnswered(20 * DAY_MS, [gina, hank, carol, dave]);
      await chat(gina, hank, `hank@${RETAIN}`, 'fresh-news');
      assert.deepEqual((await query(hank)).bodies, ['old-news', 'fresh-news'], 'no plan: kept');

      await ctx.tenancy.hosts.setEntitlements(hostId, plan(30));
      await advanceAnswered(15 * DAY_MS, [gina, hank, carol, dave]);
      // 35 days old: gone for queries before any job ran, though still stored.
      const visible = await query(hank);
      assert.deepEqual(visible.bodies, ['fresh-news']);
      assert.equal(visible.fin.getChild('fin')?.getChild('set')?.getChildText('count'), '1');
      assert.deepEqual((await query(gina)).bodies, ['fresh-news']);
      const afterOld = await query(
        hank,
        `<set xmlns='http://jabber.org/protocol/rsm'><after>${oldId}</after></set>`,
      );
      assert.equal(conditionOf(afterOld.fin), 'item-not-found');
      assert.equal(await archiveRows(RETAIN), 4);

      await ctx.platform.jobs.runDue();
      assert.equal(await archiveRows(RETAIN), 2, 'the expired copies in both archives are deleted');
      const unlimited = await query(carol, form(field('with', `dave@${D}`)));
      assert.match(
        unlimited.bodies.join(' '),
        /kept-without-a-plan/,
        'a host without a plan keeps everything',
      );
      await advanceAnswered(20 * DAY_MS, [gina, hank, carol, dave]);
      const purge = {
        repository: createArchiveRepository(ctx.database.db),
        clock,
        listEntitlements: () => ctx.tenancy.directory.listEntitlements(),
      };
      assert.equal(await purgeExpiredArchive(purge, 1), 2, 'purged one batch after another');
      assert.equal(await archiveRows(RETAIN), 0);

      // A plan with no retention keeps nothing at all.
      await ctx.tenancy.hosts.setEntitlements(hostId, plan(0));
      const unkept = await chat(gina, hank, `hank@${RETAIN}`, 'not-kept');
      assert.equal(stanzaIdOf(unkept), undefined);
      assert.equal(await archiveRows(RETAIN), 0);
      assert.deepEqual((await query(hank)).bodies, []);
    });

    it('deletes an archive with its member, and every archive of a deleted host', async () => {
      const { ctx } = server.app;
      const system = { kind: 'system' } as const;
      const carol = await online(`carol@${D}`);
      await chat(carol, await online(`erin@${D}`), `erin@${D}`, 'to-be-forgotten');
      await chat(
        await online(`frank@${OTHER}`),
        await online(`carol@${OTHER}`),
        `carol@${OTHER}`,
        'host-bound',
      );
      await query(carol); // a query first writes what waits to be archived
      assert.ok((await archiveRows(D, 'erin')) > 0);
      const carolRowsBefore = await archiveRows(D, 'carol');
      await ctx.tenancy.members.remove(system, hostIds.get(D)!, 'erin');
      assert.equal(await archiveRows(D, 'erin'), 0);
      assert.equal(await archiveRows(D, 'carol'), carolRowsBefore, 'the other side keeps its copy');
      // A new member with the old name starts with an empty archive.
      await server.addMember(D, 'erin', PW);
      const erin = await online(`erin@${D}`);
      assert.deepEqual((await query(erin)).bodies, []);

      assert.ok((await archiveRows(OTHER)) > 0);
      await ctx.tenancy.hosts.delete(system, hostIds.get(OTHER)!);
      assert.equal(await archiveRows(OTHER), 0);

      // Messages in nobody's archive any more are deleted by the purge job, whatever the plans.
      const unowned = () =>
        ctx.database.db
          .selectFrom('xmpp_archive_messages')
          .select('stanza')
          .where('to_host_id', 'is', null)
          .where('from_host_id', 'is', null)
          .execute();
      assert.match((await unowned()).map((row) => row.stanza).join(), /host-bound/);
      await purgeExpiredArchive({
        repository: createArchiveRepository(ctx.database.db),
        clock: ctx.clock,
        listEntitlements: () => ctx.tenancy.directory.listEntitlements(),
      });
      assert.deepEqual(await unowned(), []);
      assert.equal(await archiveRows(D, 'carol'), carolRowsBefore, 'a copy somebody keeps stays');
    });

    it('writes a long batch statement by statement in one transaction, all of it or none', async () => {
      const repository = createArchiveRepository(server.app.ctx.database.db);
      const hostId = hostIds.get(RETAIN)!;
      const row = (id: string, username: string): StoredMessage => ({
        id,
        to_host_id: hostId,
        to_username: username,
        from_host_id: null,
        from_username: null,
        from_bare: `hank@${RETAIN}`,
        from_full: `hank@${RETAIN}/r`,
        to_bare: `${username}@${RETAIN}`,
        to_full: `${username}@${RETAIN}`,
        stanza: `<message><body>${id}</body></message>`,
        created_at: '2026-01-01T00:00:00.000Z',
      });
      const gina = () => archiveRows(RETAIN, 'gina');
      const before = await gina();
      let turns = 0;
      const chunking = { chunkRows: 2, between: async () => void turns++ };
      await repository.insert(
        ['batch-1', 'batch-2', 'batch-3', 'batch-4', 'batch-5'].map((id) => row(id, 'gina')),
        chunking,
      );
      assert.equal(await gina(), before + 5);
      assert.equal(turns, 2, 'three statements, a turn between each two');

      // The last statement fails (no such member): the first two are rolled back with it.
      await assert.rejects(
        repository.insert(
          [row('batch-6', 'gina'), row('batch-7', 'gina'), row('batch-8', 'nobody')],
          chunking,
        ),
      );
      assert.equal(await gina(), before + 5);
    });
  });
}
