/**
 * RFC 6121 and XEP-0191 presence rules that clients rely on and that an outside conformance suite
 * checks: presence after a subscription is approved (§3.1.5), unavailable presence to every
 * resource of the user, the sender's included (§4.5.2), and a blocked contact's unavailable
 * presence sent to the blocker's resources (XEP-0191 §3.2).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDialects } from './support/databases.js';
import { loginRaw, request, type RawClient } from './xmpp/raw-client.js';
import { startXmppTestServer, type XmppTestServer } from './xmpp/server-harness.js';

const D = 'rules.example.test';
const PW = 'correct horse battery';

for (const dialect of testDialects()) {
  describe(`XMPP presence rules (${dialect})`, () => {
    let server: XmppTestServer;
    let ca: string;
    const login = (user: string, resource = 'r') => loginRaw(server.c2sPort, D, user, PW, ca, resource);

    before(async () => {
      server = await startXmppTestServer(dialect);
      await server.addHost(D);
      for (const user of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'])
        await server.addMember(D, user, PW);
      ca = await server.certificatePem(D);
    });
    after(() => server.close());

    async function online(user: string, resource = 'r', presence = '<presence/>'): Promise<RawClient> {
      const client = await login(user, resource);
      await request(client, "<iq type='get'><query xmlns='jabber:iq:roster'/></iq>");
      client.write(presence);
      await client.waitFor({ name: 'presence', attrs: { from: `${user}@${D}/${resource}` } });
      return client;
    }

    /** `user` subscribes to `contact`, who approves; both are online. */
    async function subscribe(user: RawClient, userName: string, contact: RawClient, contactName: string) {
      user.write(`<presence type='subscribe' to='${contactName}@${D}'/>`);
      await contact.waitFor({ name: 'presence', attrs: { type: 'subscribe', from: `${userName}@${D}` } });
      contact.write(`<presence type='subscribed' to='${userName}@${D}'/>`);
      await user.waitFor({ name: 'presence', attrs: { type: 'subscribed', from: `${contactName}@${D}` } });
    }

    it("sends the contact's current presence, from each resource, once they approve (RFC 6121 §3.1.5)", async () => {
      const alice = await online('alice');
      const bob = await online(
        'bob',
        'desk',
        '<presence><show>away</show><status>at lunch</status></presence>',
      );
      const bobPhone = await online('bob', 'phone', '<presence><priority>-1</priority></presence>');
      alice.write(`<presence type='subscribe' to='bob@${D}'/>`);
      await bob.waitFor({ name: 'presence', attrs: { type: 'subscribe', from: `alice@${D}` } });
      const beforeApproval = alice.mark();
      // Approved from a resource that never saw the request, addressed to Alice's full JID, as
      // some clients do.
      bobPhone.write(`<presence type='subscribed' to='alice@${D}/r'/>`);
      const desk = await alice.waitFor(
        { name: 'presence', attrs: { from: `bob@${D}/desk`, type: null } },
        { since: beforeApproval },
      );
      assert.equal(desk.getChildText('status'), 'at lunch');
      assert.equal(desk.getChildText('show'), 'away');
      await alice.waitFor(
        { name: 'presence', attrs: { from: `bob@${D}/phone`, type: null } },
        { since: beforeApproval },
      );
      for (const c of [alice, bob, bobPhone]) c.close();
    });

    it('sends the approved contact presence to a subscriber who asked while the contact was offline', async () => {
      const carol = await online('carol');
      carol.write(`<presence type='subscribe' to='dave@${D}'/>`);
      const dave = await login('dave');
      await request(dave, "<iq type='get'><query xmlns='jabber:iq:roster'/></iq>");
      const beforePresence = dave.mark();
      dave.write('<presence><status>back</status></presence>');
      await dave.waitFor(
        { name: 'presence', attrs: { type: 'subscribe', from: `carol@${D}` } },
        { since: beforePresence },
      );
      const beforeApproval = carol.mark();
      dave.write(`<presence type='subscribed' to='carol@${D}'/>`);
      const presence = await carol.waitFor(
        { name: 'presence', attrs: { from: `dave@${D}/r`, type: null } },
        { since: beforeApproval },
      );
      assert.equal(presence.getChildText('status'), 'back');
      carol.close();
      dave.close();
    });

    it("sends unavailable presence to all of the user's resources, the sender's included (§4.5.2)", async () => {
      const erin = await online('erin', 'one');
      const erinTwo = await online('erin', 'two');
      const beforeOne = erin.mark();
      const beforeTwo = erinTwo.mark();
      erin.write('<presence type="unavailable"><status>bye</status></presence>');
      for (const [client, since] of [
        [erin, beforeOne],
        [erinTwo, beforeTwo],
      ] as const) {
        const gone = await client.waitFor(
          { name: 'presence', attrs: { from: `erin@${D}/one`, type: 'unavailable' } },
          { since },
        );
        assert.equal(gone.getChildText('status'), 'bye');
      }
      erin.close();
      erinTwo.close();
    });

    it("sends a blocked contact's unavailable presence to the blocker's resources (XEP-0191)", async () => {
      const frank = await online('frank', 'one');
      const frankTwo = await online('frank', 'two');
      const alice = await online('alice', 'b');
      await subscribe(frank, 'frank', alice, 'alice');
      await frankTwo.waitFor({ name: 'presence', attrs: { from: `alice@${D}/b`, type: null } });
      const beforeMutual = alice.mark();
      await subscribe(alice, 'alice', frank, 'frank');
      await alice.waitFor(
        { name: 'presence', attrs: { from: `frank@${D}/two`, type: null } },
        { since: beforeMutual },
      );
      const beforeAlice = alice.mark();
      const beforeOne = frank.mark();
      const beforeTwo = frankTwo.mark();
      await request(
        frank,
        `<iq type='set'><block xmlns='urn:xmpp:blocking'><item jid='alice@${D}'/></block></iq>`,
      );
      for (const [client, since] of [
        [frank, beforeOne],
        [frankTwo, beforeTwo],
      ] as const)
        await client.waitFor(
          { name: 'presence', attrs: { from: `alice@${D}/b`, type: 'unavailable' } },
          { since },
        );
      // And Alice, who saw Frank, sees him leave: the blocked contact stops seeing the blocker.
      for (const resource of ['one', 'two'])
        await alice.waitFor(
          { name: 'presence', attrs: { from: `frank@${D}/${resource}`, type: 'unavailable' } },
          { since: beforeAlice },
        );
      // Unblocking brings Alice's presence back.
      const beforeUnblock = frank.mark();
      await request(
        frank,
        `<iq type='set'><unblock xmlns='urn:xmpp:blocking'><item jid='alice@${D}'/></unblock></iq>`,
      );
      await frank.waitFor(
        { name: 'presence', attrs: { from: `alice@${D}/b`, type: null } },
        { since: beforeUnblock },
      );
      for (const c of [frank, frankTwo, alice]) c.close();
    });
  });
}
