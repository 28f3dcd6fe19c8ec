/** slixmpp's PEP plugins (Debian python3-slixmpp) against our server: see test/xmpp/slixmpp-pep.py. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testDialects } from './support/databases.js';
import { runSlixmpp, serveAliceAndBob } from './xmpp/real-clients.js';

const DOMAIN = 'slipep.example.test';

for (const dialect of testDialects()) {
  describe(`slixmpp PEP plugins (${dialect})`, () => {
    const served = serveAliceAndBob(dialect, DOMAIN);

    it('publishes and reads nickname, avatar, items and bookmarks through xep_0060/0163/0084/0172/0048', async () => {
      const { code, output } = await runSlixmpp(
        'slixmpp-pep.py',
        served.server.c2sPort,
        DOMAIN,
        served.caFile,
      );
      assert.equal(code, 0, output);
      assert.match(output, /ok: bob fetched the avatar's data/);
      assert.match(output, /ok: publish-options the node does not meet fail with precondition-not-met/);
      assert.match(output, /ok: alice retracted an item/);
      assert.match(output, /ok: a bookmark stored by xep_0048 reads back as a XEP-0402 item/);
      assert.match(output, /ok: retracting the XEP-0402 item removes the old-style bookmark/);
    });
  });
}
