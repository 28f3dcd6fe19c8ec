/**
 * The dashboard's view of a host's group chat rooms: GET /hosts/{id}/rooms lists what the IM server
 * has (occupants, last activity), DELETE destroys a room and tells the people in it; another
 * customer's host and its rooms look exactly like missing ones.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { type Actor, signUpCustomer } from './support/actors.js';
import { call } from './support/api-client.js';
import { errorCode } from './support/errors.js';
import { where } from './xmpp/element-match.js';
import { loginRaw, type RawClient } from './xmpp/raw-client.js';

const PASSWORD = 'correct horse battery';
const DOMAIN = 'rooms.alpha.test';
const ROOM = `kitchen@conference.${DOMAIN}`;

for (const dialect of testDialects()) {
  describe(`group chat rooms over the API (${dialect})`, () => {
    let t: TestApp;
    let a: Actor;
    let b: Actor;
    let hostId: string;
    let alice: RawClient;

    before(async () => {
      t = await startTestApp(dialect);
      const { c2sPort } = await t.xmpp.start();
      a = await signUpCustomer(t, { organization: 'Alpha' });
      b = await signUpCustomer(t, { organization: 'Beta' });
      hostId = (await call(t, a, 'POST', '/hosts', { domain: DOMAIN })).json().id;
      await call(t, a, 'POST', `/hosts/${hostId}/members`, { username: 'alice', password: PASSWORD });
      await call(t, b, 'POST', '/hosts', { domain: 'rooms.beta.test' });
      const ca = (await t.xmpp.certificates.ensure(DOMAIN)).certPem;
      alice = await loginRaw(c2sPort, DOMAIN, 'alice', PASSWORD, ca);
      alice.write(`<presence to='${ROOM}/Alice'><x xmlns='http://jabber.org/protocol/muc'/></presence>`);
      await alice.waitFor(
        where('in the room', (e) => e.name === 'presence' && e.attrs.from === `${ROOM}/Alice`),
      );
    });
    after(async () => {
      alice.close();
      await t.close();
    });

    it('lists the host rooms with their occupants', async () => {
      const listed = await call(t, a, 'GET', `/hosts/${hostId}/rooms`);
      assert.equal(listed.statusCode, 200, listed.body);
      const [room, ...others] = listed.json().items;
      assert.deepEqual(others, []);
      assert.equal(room.address, ROOM);
      assert.equal(room.name, 'kitchen');
      assert.equal(room.occupants, 1);
      assert.equal(room.isPersistent, false);
    });

    it('answers another customer exactly as for a missing host, and changes nothing', async () => {
      for (const [method, url] of [
        ['GET', `/hosts/${hostId}/rooms`],
        ['DELETE', `/hosts/${hostId}/rooms/kitchen`],
      ] as const) {
        const foreign = await call(t, b, method, url);
        const missing = await call(t, b, method, url.replace(hostId, 'host_00000000000000000000000000'));
        assert.equal(foreign.statusCode, 404, `${method} ${url}`);
        assert.equal(errorCode(foreign), 'host_not_found');
        assert.deepEqual(foreign.json(), missing.json(), `${method} ${url} reveals nothing`);
      }
      assert.equal((await call(t, a, 'GET', `/hosts/${hostId}/rooms`)).json().items.length, 1);
    });

    it('destroys a room, telling the people in it, and then knows no such room', async () => {
      const mark = alice.mark();
      const destroyed = await call(t, a, 'DELETE', `/hosts/${hostId}/rooms/kitchen`);
      assert.equal(destroyed.statusCode, 204, destroyed.body);
      const told = await alice.waitFor(
        where(
          'destroyed',
          (e) => e.attrs.type === 'unavailable' && e.getChild('x')?.getChild('destroy') !== undefined,
        ),
        { since: mark },
      );
      assert.match(told.toString(), /closed from the dashboard/);
      assert.deepEqual((await call(t, a, 'GET', `/hosts/${hostId}/rooms`)).json().items, []);
      const again = await call(t, a, 'DELETE', `/hosts/${hostId}/rooms/kitchen`);
      assert.equal(again.statusCode, 404);
      assert.equal(errorCode(again), 'chat_room_not_found');
    });
  });
}
