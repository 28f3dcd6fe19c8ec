/** slixmpp's group chat and archive plugins against our server: see test/xmpp/slixmpp-muc-scenario.py. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testDialects } from './support/databases.js';
import { runSlixmpp, serveAliceAndBob } from './xmpp/real-clients.js';

const DOMAIN = 'slimuc.example.test';

for (const dialect of testDialects()) {
  describe(`slixmpp in a room (${dialect})`, () => {
    const served = serveAliceAndBob(dialect, DOMAIN);

    it('creates and configures a room, talks, gets history and reads the room archive', async () => {
      const { code, output } = await runSlixmpp(
        'slixmpp-muc-scenario.py',
        served.server.c2sPort,
        DOMAIN,
        served.caFile,
      );
      assert.equal(code, 0, output);
      assert.match(output, /ok: bob read the room's archive/);
      assert.match(output, /ok: done/);
    });
  });
}
