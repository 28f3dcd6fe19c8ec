/**
 * @xmpp/client from npm over the three transports: STARTTLS (5222), direct TLS (XEP-0368) and
 * WebSocket (RFC 7395). It runs in a child process: the client trusts certificates only through
 * NODE_EXTRA_CA_CERTS, and its WebSocket transport needs --experimental-websocket on Node 20.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testDialects } from './support/databases.js';
import { runXmppJs, serveAliceAndBob } from './xmpp/real-clients.js';

const DOMAIN = 'js.example.test';

for (const dialect of testDialects()) {
  describe(`@xmpp/client over every transport (${dialect})`, () => {
    const served = serveAliceAndBob(dialect, DOMAIN);

    it('logs in and chats over STARTTLS', async () => {
      const { code, output } = await runXmppJs(
        'xmpp-client-scenario.ts',
        `xmpp://127.0.0.1:${served.server.c2sPort}`,
        DOMAIN,
        served.caFile,
      );
      assert.equal(code, 0, output);
    });

    it('logs in and chats over direct TLS', async () => {
      const { code, output } = await runXmppJs(
        'xmpp-client-scenario.ts',
        `xmpps://${DOMAIN}:${served.server.c2sTlsPort}`,
        DOMAIN,
        served.caFile,
      );
      assert.equal(code, 0, output);
    });

    it('logs in and chats over WebSocket', async () => {
      const { code, output } = await runXmppJs(
        'xmpp-client-scenario.ts',
        `ws://127.0.0.1:${served.server.httpPort}/xmpp-websocket`,
        DOMAIN,
        served.caFile,
      );
      assert.equal(code, 0, output);
    });
  });
}
