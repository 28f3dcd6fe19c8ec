/**
 * @xmpp/client resuming a XEP-0198 session after its connection drops, over STARTTLS and WebSocket
 * (test/xmpp/xmpp-client-sm-scenario.ts). It runs in a child process, as test/xmpp-client.test.ts
 * explains.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testDialects } from './support/databases.js';
import { runXmppJs, serveAliceAndBob } from './xmpp/real-clients.js';

const DOMAIN = 'js-sm.example.test';

for (const dialect of testDialects()) {
  describe(`@xmpp/client resuming a session (${dialect})`, () => {
    const served = serveAliceAndBob(dialect, DOMAIN);

    it('resumes over STARTTLS', async () => {
      const { code, output } = await runXmppJs(
        'xmpp-client-sm-scenario.ts',
        `xmpp://127.0.0.1:${served.server.c2sPort}`,
        DOMAIN,
        served.caFile,
      );
      assert.equal(code, 0, output);
    });

    it('resumes over WebSocket', async () => {
      const { code, output } = await runXmppJs(
        'xmpp-client-sm-scenario.ts',
        `ws://127.0.0.1:${served.server.httpPort}/xmpp-websocket`,
        DOMAIN,
        served.caFile,
      );
      assert.equal(code, 0, output);
    });
  });
}
