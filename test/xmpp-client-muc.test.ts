/** @xmpp/client from npm in a group chat room, over STARTTLS and WebSocket (xmpp-client-muc-scenario.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testDialects } from './support/databases.js';
import { runXmppJs, serveAliceAndBob } from './xmpp/real-clients.js';

const DOMAIN = 'jsmuc.example.test';

for (const dialect of testDialects()) {
  describe(`@xmpp/client in a room (${dialect})`, () => {
    const served = serveAliceAndBob(dialect, DOMAIN);

    it('creates a room, talks in it and passes a direct invitation over WebSocket', async () => {
      const { code, output } = await runXmppJs(
        'xmpp-client-muc-scenario.ts',
        `ws://127.0.0.1:${served.server.httpPort}/xmpp-websocket`,
        DOMAIN,
        served.caFile,
      );
      assert.equal(code, 0, output);
    });
  });
}
