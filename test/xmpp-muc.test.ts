/**
 * XEP-0045 group chat over real sockets, on both databases: creating rooms (instant and reserved),
 * entering and talking, history on entering, nickname conflicts and changes, the errors of members-only,
 * password-protected and banned entries, kicks, registration, invitations, the room archive
 * (XEP-0313) with stanza ids (XEP-0359) and occupant ids (XEP-0421), self-ping (XEP-0410), and the
 * plan's limits on rooms and occupants.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testDialects } from './support/databases.js';
import type { Element } from '../src/xmpp/stanza/index.js';
import { stanzaError, where } from './xmpp/element-match.js';
import { loginRaw, request, type RawClient } from './xmpp/raw-client.js';
import { MEMBER_PASSWORD, serveRawHosts } from './xmpp/raw-host.js';
import type { XmppTestServer } from './xmpp/server-harness.js';

const D = 'muc.example.test';
const OTHER = 'other.example.test';
const C = `conference.${D}`;
const MUC = 'http://jabber.org/protocol/muc';
const MUC_USER = `${MUC}#user`;

const statusCodes = (presence: Element) =>
  (presence.getChild('x', MUC_USER)?.getChildren('status') ?? []).map((s) => Number(s.attrs.code));
const item = (presence: Element) => presence.getChild('x', MUC_USER)?.getChild('item');

const selfPresence = (room: string, nick: string) =>
  where(
    `own presence in ${room} as ${nick}`,
    (e) => e.name === 'presence' && e.attrs.from === `${room}/${nick}` && statusCodes(e).includes(110),
  );
const subjectOf = (room: string) =>
  where(
    `subject of ${room}`,
    (e) =>
      e.name === 'message' && String(e.attrs.from).startsWith(room) && e.getChild('subject') !== undefined,
  );
const groupchat = (room: string, body: string) =>
  where(
    `"${body}" in ${room}`,
    (e) =>
      e.name === 'message' &&
      e.attrs.type === 'groupchat' &&
      String(e.attrs.from).startsWith(`${room}/`) &&
      e.getChildText('body') === body &&
      !e.getChild('delay'),
  );

for (const dialect of testDialects()) {
  describe(`Group chat (${dialect})`, () => {
    let server: XmppTestServer;
    let cas: ReadonlyMap<string, string>;
    const open = serveRawHosts(
      dialect,
      { [D]: ['alice', 'bob', 'carol', 'dave'], [OTHER]: ['mallory'] },
      (hosts) => ({ server, cas } = hosts),
    );

    async function online(domain: string, username: string, resource = 'raw'): Promise<RawClient> {
      const client = await loginRaw(
        server.c2sPort,
        domain,
        username,
        MEMBER_PASSWORD,
        cas.get(domain)!,
        resource,
      );
      open.push(client);
      return client;
    }

    async function enter(client: RawClient, room: string, nick: string, extra = ''): Promise<Element> {
      const mark = client.mark();
      client.write(`<presence to='${room}/${nick}'><x xmlns='${MUC}'>${extra}</x></presence>`);
      const own = await client.waitFor(selfPresence(room, nick), { since: mark });
      await client.waitFor(subjectOf(room), { since: mark });
      return own;
    }

    async function refused(client: RawClient, room: string, nick: string, condition: string, extra = '') {
      const mark = client.mark();
      client.write(`<presence to='${room}/${nick}'><x xmlns='${MUC}'>${extra}</x></presence>`);
      return client.waitFor(stanzaError('presence', condition, { from: `${room}/${nick}` }), { since: mark });
    }

    /** Creates an instant room (§10.1.2) with alice as its owner and applies the configuration. */
    async function createRoom(
      owner: RawClient,
      room: string,
      nick: string,
      fields: Record<string, string> = {},
    ) {
      const own = await enter(owner, room, nick);
      assert.deepEqual(
        statusCodes(own).filter((c) => c === 201),
        [201],
        'a new room says so',
      );
      const form = Object.entries(fields)
        .map(([name, value]) => `<field var='${name}'><value>${value}</value></field>`)
        .join('');
      const reply = await request(
        owner,
        `<iq type='set' to='${room}'><query xmlns='${MUC}#owner'><x xmlns='jabber:x:data' type='submit'>${form}</x></query></iq>`,
      );
      assert.equal(reply.attrs.type, 'result', reply.toString());
    }

    it('is listed among the host domain disco items and describes itself', async () => {
      const alice = await online(D, 'alice', 'disco');
      const items = await request(
        alice,
        `<iq type='get' to='${D}'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>`,
      );
      assert.ok(
        items
          .getChild('query')!
          .getChildren('item')
          .some((i) => i.attrs.jid === C),
        items.toString(),
      );
      const info = await request(
        alice,
        `<iq type='get' to='${C}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>`,
      );
      const query = info.getChild('query')!;
      assert.equal(query.getChild('identity')?.attrs.category, 'conference');
      const features = query.getChildren('feature').map((f) => f.attrs.var);
      for (const feature of [
        MUC,
        'jabber:x:conference',
        'urn:xmpp:occupant-id:0',
        `${MUC}#self-ping-optimization`,
      ])
        assert.ok(features.includes(feature), feature);
    });

    it('creates an instant room, talks with history, stanza and occupant ids, and archives', async () => {
      const room = `lounge@${C}`;
      const alice = await online(D, 'alice', 'talk');
      await createRoom(alice, room, 'Alice', {
        'muc#roomconfig_persistentroom': '1',
        'muc#roomconfig_roomname': 'The Lounge',
      });
      alice.write(`<message to='${room}' type='groupchat' id='m1'><body>first</body></message>`);
      const echoed = await alice.waitFor(groupchat(room, 'first'));
      const stanzaId = echoed.getChild('stanza-id', 'urn:xmpp:sid:0');
      assert.equal(stanzaId?.attrs.by, room);
      assert.equal(echoed.attrs.id, 'm1', 'the sender recognises its own message by id');
      const aliceOccupantId = echoed.getChild('occupant-id', 'urn:xmpp:occupant-id:0')?.attrs.id;
      assert.ok(aliceOccupantId);
      alice.write(`<message to='${room}' type='groupchat'><body>second</body></message>`);
      await alice.waitFor(groupchat(room, 'second'));

      // Bob, of the same host, enters asking for one message of history.
      const bob = await online(D, 'bob', 'talk');
      const mark = bob.mark();
      bob.write(`<presence to='${room}/Bob'><x xmlns='${MUC}'><history maxstanzas='1'/></x></presence>`);
      await bob.waitFor(selfPresence(room, 'Bob'), { since: mark });
      const aliceSeen = bob.find(
        where('alice presence', (e) => e.name === 'presence' && e.attrs.from === `${room}/Alice`),
        mark,
      );
      assert.equal(item(aliceSeen!)?.attrs.affiliation, 'owner');
      assert.equal(
        item(aliceSeen!)?.attrs.jid,
        undefined,
        'semi-anonymous: participants do not see real JIDs',
      );
      await bob.waitFor(subjectOf(room), { since: mark });
      const history = bob.received(mark).filter((e) => e.name === 'message' && e.getChild('delay'));
      assert.deepEqual(
        history.map((h) => h.getChildText('body')),
        ['second'],
      );
      assert.ok(
        statusCodes(bob.find(selfPresence(room, 'Bob'), mark)!).includes(170),
        'the room is archived',
      );

      // Mallory, of another host on this server, joins the open room as a federated user would.
      const mallory = await online(OTHER, 'mallory', 'talk');
      await enter(mallory, room, 'Mallory', `<history maxstanzas='0'/>`);
      mallory.write(`<message to='${room}' type='groupchat'><body>hello from elsewhere</body></message>`);
      const got = await bob.waitFor(groupchat(room, 'hello from elsewhere'));
      assert.equal(got.attrs.from, `${room}/Mallory`);

      // The archive of the room, on the room's JID.
      const archiveMark = bob.mark();
      const fin = await request(
        bob,
        `<iq type='set' to='${room}'><query xmlns='urn:xmpp:mam:2' queryid='q1'/></iq>`,
      );
      assert.equal(fin.attrs.type, 'result', fin.toString());
      const results = bob
        .received(archiveMark)
        .filter((e) => e.name === 'message' && e.getChild('result', 'urn:xmpp:mam:2'));
      const bodies = results.map((r) =>
        r.getChild('result')!.getChild('forwarded')!.getChild('message')!.getChildText('body'),
      );
      assert.deepEqual(bodies, ['first', 'second', 'hello from elsewhere']);
      assert.equal(
        results[0]!.getChild('result')!.attrs.id,
        stanzaId!.attrs.id,
        'archive ids are the stanza ids',
      );

      // disco#info of the room, and of the service's items: the public room is listed by name.
      const info = await request(
        bob,
        `<iq type='get' to='${room}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>`,
      );
      const features = info
        .getChild('query')!
        .getChildren('feature')
        .map((f) => f.attrs.var);
      assert.ok(
        features.includes('muc_persistent') &&
          features.includes('muc_public') &&
          features.includes('urn:xmpp:mam:2'),
      );
      const items = await request(
        bob,
        `<iq type='get' to='${C}'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>`,
      );
      assert.ok(
        items
          .getChild('query')!
          .getChildren('item')
          .some((i) => i.attrs.jid === room && i.attrs.name === 'The Lounge'),
      );

      // Nickname conflict, then a nickname change (303).
      await refused(mallory, room, 'Bob', 'conflict');
      const changeMark = alice.mark();
      bob.write(`<presence to='${room}/Robert'/>`);
      const gone = await alice.waitFor(
        where('303', (e) => e.attrs.from === `${room}/Bob` && statusCodes(e).includes(303)),
        { since: changeMark },
      );
      assert.equal(item(gone)?.attrs.nick, 'Robert');
      await alice.waitFor(
        where('Robert', (e) => e.name === 'presence' && e.attrs.from === `${room}/Robert`),
        { since: changeMark },
      );

      // Self-ping (XEP-0410): yes while in, not-acceptable once out.
      const ping = `<ping xmlns='urn:xmpp:ping'/>`;
      assert.equal(
        (await request(bob, `<iq type='get' to='${room}/Robert'>${ping}</iq>`)).attrs.type,
        'result',
      );
      mallory.write(`<presence to='${room}/Mallory' type='unavailable'/>`);
      await mallory.waitFor(
        where('left', (e) => e.attrs.type === 'unavailable' && statusCodes(e).includes(110)),
      );
      const after = await request(mallory, `<iq type='get' to='${room}/Mallory'>${ping}</iq>`);
      assert.equal(after.getChild('error')?.getChild('not-acceptable') !== undefined, true, after.toString());

      // Private message through the room.
      alice.write(`<message to='${room}/Robert' type='chat'><body>psst</body></message>`);
      const pm = await bob.waitFor(
        where('pm', (e) => e.name === 'message' && e.getChildText('body') === 'psst'),
      );
      assert.equal(pm.attrs.from, `${room}/Alice`);

      // An IQ to an occupant is relayed to them, and their answer back.
      const version = `<query xmlns='jabber:iq:version'/>`;
      alice.write(`<iq type='get' id='version1' to='${room}/Robert'>${version}</iq>`);
      const relayed = await bob.waitFor(
        where('relayed', (e) => e.name === 'iq' && e.getChild('query', 'jabber:iq:version') !== undefined),
      );
      assert.equal(relayed.attrs.from, `${room}/Alice`);
      bob.write(
        `<iq type='result' id='${relayed.attrs.id}' to='${room}/Alice'><query xmlns='jabber:iq:version'><name>Rob's client</name></query></iq>`,
      );
      const answer = await alice.waitFor({ name: 'iq', attrs: { id: 'version1' } });
      assert.equal(answer.attrs.from, `${room}/Robert`);
      assert.equal(answer.getChild('query')?.getChildText('name'), "Rob's client");

      // A vCard request to an occupant is answered by the server from the occupant's account.
      assert.equal(
        (await request(bob, `<iq type='set'><vCard xmlns='vcard-temp'><NICKNAME>Rob</NICKNAME></vCard></iq>`))
          .attrs.type,
        'result',
      );
      const bobMark = bob.mark();
      alice.write(`<iq type='get' id='card1' to='${room}/Robert'><vCard xmlns='vcard-temp'/></iq>`);
      const card = await alice.waitFor({ name: 'iq', attrs: { id: 'card1' } });
      assert.equal(card.attrs.from, `${room}/Robert`);
      assert.equal(card.attrs.type, 'result', card.toString());
      assert.equal(card.getChild('vCard')?.getChildText('NICKNAME'), 'Rob');
      assert.ok(
        !bob.received(bobMark).some((e) => e.name === 'iq' && e.getChild('vCard') !== undefined),
        "bob's client was not asked for his vCard",
      );
    });

    it('refuses outsiders creating rooms, and members-only, password and banned entries with their errors', async () => {
      const mallory = await online(OTHER, 'mallory', 'refused');
      await refused(mallory, `newroom@${C}`, 'M', 'not-allowed');

      const alice = await online(D, 'alice', 'guard');
      const room = `secret@${C}`;
      await createRoom(alice, room, 'Alice', {
        'muc#roomconfig_passwordprotectedroom': '1',
        'muc#roomconfig_roomsecret': 'sesame',
      });
      const carol = await online(D, 'carol', 'guard');
      await refused(carol, room, 'Carol', 'not-authorized');
      await enter(carol, room, 'Carol', '<password>sesame</password>');

      // Ban carol: she leaves with 301 and cannot come back.
      const mark = carol.mark();
      const ban = await request(
        alice,
        `<iq type='set' to='${room}'><query xmlns='${MUC}#admin'><item affiliation='outcast' jid='carol@${D}'><reason>spam</reason></item></query></iq>`,
      );
      assert.equal(ban.attrs.type, 'result', ban.toString());
      const banned = await carol.waitFor(
        where('301', (e) => e.attrs.type === 'unavailable' && statusCodes(e).includes(301)),
        { since: mark },
      );
      assert.equal(item(banned)?.getChildText('reason'), 'spam');
      await refused(carol, room, 'Carol', 'forbidden', '<password>sesame</password>');

      // Members-only: registration-required until made a member.
      const club = `club@${C}`;
      await createRoom(alice, club, 'Alice', { 'muc#roomconfig_membersonly': '1' });
      const dave = await online(D, 'dave', 'guard');
      await refused(dave, club, 'Dave', 'registration-required');
      const register = await request(
        dave,
        `<iq type='set' to='${club}'><query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='submit'><field var='muc#register_roomnick'><value>Dave</value></field></x></query></iq>`,
      );
      assert.ok(register.getChild('error')?.getChild('not-allowed'), register.toString());
      // A mediated invitation from the owner makes dave a member; it goes to his available resources.
      dave.write('<presence/>');
      await dave.waitFor({ name: 'presence', attrs: { from: `dave@${D}/guard` } });
      const inviteMark = dave.mark();
      alice.write(
        `<message to='${club}'><x xmlns='${MUC_USER}'><invite to='dave@${D}'><reason>join us</reason></invite></x></message>`,
      );
      const invitation = await dave.waitFor(
        where(
          'invite',
          (e) => e.name === 'message' && e.getChild('x', MUC_USER)?.getChild('invite') !== undefined,
        ),
        { since: inviteMark },
      );
      assert.equal(invitation.attrs.from, club);
      assert.equal(invitation.getChild('x', MUC_USER)!.getChild('invite')!.attrs.from, `alice@${D}/guard`);
      await enter(dave, club, 'Dave');

      // Kick (307) by the moderator; a participant may not kick.
      const kickDenied = await request(
        dave,
        `<iq type='set' to='${club}'><query xmlns='${MUC}#admin'><item nick='Alice' role='none'/></query></iq>`,
      );
      assert.ok(kickDenied.getChild('error')?.getChild('forbidden'), kickDenied.toString());
      const kickMark = dave.mark();
      await request(
        alice,
        `<iq type='set' to='${club}'><query xmlns='${MUC}#admin'><item nick='Dave' role='none'/></query></iq>`,
      );
      await dave.waitFor(
        where('307', (e) => e.attrs.type === 'unavailable' && statusCodes(e).includes(307)),
        { since: kickMark },
      );

      // The last owner cannot leave ownership: conflict.
      const lastOwner = await request(
        alice,
        `<iq type='set' to='${club}'><query xmlns='${MUC}#admin'><item affiliation='member' jid='alice@${D}'/></query></iq>`,
      );
      assert.ok(lastOwner.getChild('error')?.getChild('conflict'), lastOwner.toString());
    });

    it('registers a nickname in an open room, which then conflicts for others (§7.10)', async () => {
      const alice = await online(D, 'alice', 'reg');
      const room = `open@${C}`;
      await createRoom(alice, room, 'Alice');
      const bob = await online(D, 'bob', 'reg');
      const form = await request(bob, `<iq type='get' to='${room}'><query xmlns='jabber:iq:register'/></iq>`);
      assert.ok(form.getChild('query')?.getChild('x', 'jabber:x:data'), form.toString());
      const done = await request(
        bob,
        `<iq type='set' to='${room}'><query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'><value>${MUC}#register</value></field><field var='muc#register_roomnick'><value>Bobby</value></field></x></query></iq>`,
      );
      assert.equal(done.attrs.type, 'result', done.toString());
      const again = await request(
        bob,
        `<iq type='get' to='${room}'><query xmlns='jabber:iq:register'/></iq>`,
      );
      assert.equal(again.getChild('query')?.getChildText('username'), 'Bobby');
      const carol = await online(D, 'carol', 'reg');
      await refused(carol, room, 'Bobby', 'conflict');
    });

    it('a moderated room gives newcomers no voice; a locked new room is not found by others', async () => {
      const alice = await online(D, 'alice', 'mod');
      const room = `stage@${C}`;
      await createRoom(alice, room, 'Alice', { 'muc#roomconfig_moderatedroom': '1' });
      const bob = await online(D, 'bob', 'mod');
      const own = await enter(bob, room, 'Bob');
      assert.equal(item(own)?.attrs.role, 'visitor');
      const mark = bob.mark();
      bob.write(`<message to='${room}' type='groupchat'><body>may I?</body></message>`);
      await bob.waitFor(stanzaError('message', 'forbidden'), { since: mark });

      // A reserved room stays locked while its owner configures it.
      const reserved = `reserved@${C}`;
      const carol = await online(D, 'carol', 'mod');
      await enter(alice, reserved, 'Alice');
      await refused(carol, reserved, 'Carol', 'item-not-found');
      const config = await request(
        alice,
        `<iq type='get' to='${reserved}'><query xmlns='${MUC}#owner'/></iq>`,
      );
      assert.ok(config.getChild('query')?.getChild('x', 'jabber:x:data'), config.toString());
    });

    it('removes the occupant of a closed session; a temporary room goes with its last occupant', async () => {
      const carol = await online(D, 'carol', 'temp');
      const room = `temp@${C}`;
      await createRoom(carol, room, 'Carol');
      const dave = await online(D, 'dave', 'temp');
      await enter(dave, room, 'Dave');
      const mark = dave.mark();
      carol.close();
      await dave.waitFor(
        where('carol gone', (e) => e.attrs.from === `${room}/Carol` && e.attrs.type === 'unavailable'),
        {
          since: mark,
        },
      );
      dave.write(`<presence to='${room}/Dave' type='unavailable'/>`);
      await dave.waitFor(
        where('left', (e) => e.attrs.type === 'unavailable' && statusCodes(e).includes(110)),
        {
          since: mark,
        },
      );
      // Nobody is left: the room is gone, so entering creates it anew.
      const again = await enter(dave, room, 'Dave');
      assert.ok(statusCodes(again).includes(201), again.toString());
      const items = await request(
        dave,
        `<iq type='get' to='${C}'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>`,
      );
      assert.ok(
        items
          .getChild('query')!
          .getChildren('item')
          .some((i) => i.attrs.jid === `lounge@${C}`),
        'persistent',
      );
    });

    it('counts rooms and occupants against the plan', async () => {
      const hostId = (await server.app.ctx.tenancy.directory.findHostByDomain(D))!.id;
      await server.app.ctx.tenancy.hosts.setEntitlements(hostId, {
        maxMembers: 10,
        uploadQuotaMb: 10,
        archiveRetentionDays: 30,
        customDomain: false,
        maxRooms: 0,
        maxRoomOccupants: 1,
      });
      const bob = await online(D, 'bob', 'plan');
      await refused(bob, `onemore@${C}`, 'Bob', 'not-allowed');
      // lounge is persistent with alice's talk session in it: the room holds one person now.
      const dave = await online(D, 'dave', 'plan');
      await refused(dave, `lounge@${C}`, 'Dave', 'service-unavailable');

      // The plan keeps 30 days of archive: a month later the room's archive shows nothing older.
      const fresh = await request(
        bob,
        `<iq type='set' to='lounge@${C}'><query xmlns='urn:xmpp:mam:2'/></iq>`,
      );
      assert.ok(Number(fresh.getChild('fin')?.getChild('set')?.getChildText('count')) > 0, fresh.toString());
      server.app.clock.advance(31 * 86_400_000);
      const expired = await request(
        bob,
        `<iq type='set' to='lounge@${C}'><query xmlns='urn:xmpp:mam:2'/></iq>`,
      );
      assert.equal(expired.getChild('fin')?.getChild('set')?.getChildText('count'), '0', expired.toString());
      await server.app.ctx.tenancy.hosts.setEntitlements(hostId, null);
    });
  });
}
