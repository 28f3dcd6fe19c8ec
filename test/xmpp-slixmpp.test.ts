/** slixmpp (Debian's python3-slixmpp) against our server: see test/xmpp/slixmpp-scenario.py. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testDialects } from './support/databases.js';
import { runSlixmpp, serveAliceAndBob } from './xmpp/real-clients.js';

const DOMAIN = 'sli.example.test';

for (const dialect of testDialects()) {
  describe(`slixmpp conversation (${dialect})`, () => {
    const served = serveAliceAndBob(dialect, DOMAIN);

    it('logs in over STARTTLS, subscribes, gets offline messages, chats and queries disco', async () => {
      const { code, output } = await runSlixmpp(
        'slixmpp-scenario.py',
        served.server.c2sPort,
        DOMAIN,
        served.caFile,
      );
      assert.equal(code, 0, output);
      assert.match(output, /ok: bob received the offline message/);
    });
  });
}
