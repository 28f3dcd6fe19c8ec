/**
 * An OMEMO-shaped flow with @xmpp/client (npm): see test/xmpp/omemo-scenario.ts. It runs in a child
 * process, which trusts the host's certificate through NODE_EXTRA_CA_CERTS.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testDialects } from './support/databases.js';
import { runXmppJs, serveAliceAndBob } from './xmpp/real-clients.js';

const DOMAIN = 'omemo.example.test';

for (const dialect of testDialects()) {
  describe(`OMEMO-shaped key exchange with @xmpp/client (${dialect})`, () => {
    const served = serveAliceAndBob(dialect, DOMAIN);

    it('publishes device lists and bundles with access_model open, and each reads the other', async () => {
      const { code, output } = await runXmppJs(
        'omemo-scenario.ts',
        `xmpp://127.0.0.1:${served.server.c2sPort}`,
        DOMAIN,
        served.caFile,
      );
      assert.equal(code, 0, output);
      assert.match(output, /ok: each read the other device list and bundle/);
    });
  });
}
