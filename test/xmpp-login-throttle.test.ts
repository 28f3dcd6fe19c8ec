/**
 * Failed-login throttling over real sockets, posing as several client addresses (127.0.0.0/8):
 * strangers who fail against an account cannot lock its owner out, and brute force from one
 * address is still stopped.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDialects } from './support/databases.js';
import { loginRaw } from './xmpp/raw-client.js';
import { startXmppTestServer, type XmppTestServer } from './xmpp/server-harness.js';

const DOMAIN = 'throttle.example.test';
const PASSWORD = 'correct horse battery';

for (const dialect of testDialects()) {
  describe(`XMPP login throttling (${dialect})`, () => {
    let server: XmppTestServer;
    let ca: string;

    before(async () => {
      server = await startXmppTestServer(dialect);
      await server.addHost(DOMAIN);
      for (const name of ['anna', 'bert', 'cleo']) await server.addMember(DOMAIN, name, PASSWORD);
      ca = await server.certificatePem(DOMAIN);
    });
    after(() => server.close());

    async function logIn(username: string, password: string, from: string): Promise<void> {
      const client = await loginRaw(server.c2sPort, DOMAIN, username, password, ca, 'raw', from);
      client.close();
    }

    async function fail(username: string, from: string): Promise<void> {
      await assert.rejects(logIn(username, 'wrong guess!', from), /not-authorized/);
    }

    it('stops brute force from one address, even with the right password', async () => {
      for (let i = 0; i < 5; i++) await fail('anna', '127.0.0.2');
      await assert.rejects(
        logIn('anna', PASSWORD, '127.0.0.2'),
        /temporary-auth-failure[\s\S]*Try again in \d+ seconds/,
      );
    });

    it('lets the owner log in from a fresh address while strangers attack the account', async () => {
      for (let i = 0; i < 5; i++) await fail('bert', '127.0.0.3');
      for (let i = 4; i < 9; i++) await fail('bert', `127.0.0.${i}`);
      await logIn('bert', PASSWORD, '127.0.0.20');
      await fail('bert', '127.0.0.9');
      await logIn('bert', PASSWORD, '127.0.0.20');
    });

    it('stops one address that tries many accounts, and only that address', async () => {
      for (let i = 0; i < 20; i++) await fail(`nobody${i}`, '127.0.0.30');
      await assert.rejects(logIn('cleo', PASSWORD, '127.0.0.30'), /temporary-auth-failure/);
      await logIn('cleo', PASSWORD, '127.0.0.31');
    });
  });
}
