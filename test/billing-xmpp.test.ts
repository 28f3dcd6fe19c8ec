import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addSandboxCard, subscribeTeamMonthly } from './support/billing-fixtures.js';
import { testDialects } from './support/databases.js';
import { loginRaw } from './xmpp/raw-client.js';
import { startXmppTestServer, type XmppTestServer } from './xmpp/server-harness.js';

const DAY = 86_400_000;

for (const dialect of testDialects()) {
  describe(`billing suspends and reactivates XMPP service (${dialect})`, () => {
    let server: XmppTestServer;
    before(async () => {
      server = await startXmppTestServer(dialect);
    });
    after(async () => {
      await server.close();
    });

    it('refuses logins and closes sessions while suspended for non-payment, and lets them back after payment', async () => {
      const { ctx, clock } = server.app;
      const domain = 'dunning.example';
      await server.addHost(domain);
      await server.addMember(domain, 'ann', 'a good long password');
      const ca = await server.certificatePem(domain);
      const host = (await ctx.tenancy.findHostByDomain(domain))!;
      await ctx.platform.jobs.runDue();
      await subscribeTeamMonthly(server.app, server.customerId, host.id);
      const session = await loginRaw(server.c2sPort, domain, 'ann', 'a good long password', ca);

      // No card: the first invoice is never paid; 14 days later the host is suspended.
      for (let day = 0; day < 15; day++) {
        clock.advance(DAY);
        await ctx.platform.jobs.runDue();
      }
      assert.equal((await ctx.tenancy.findHostByDomain(domain))!.statusReason, 'non_payment');
      await session.waitClosed();
      await assert.rejects(
        loginRaw(server.c2sPort, domain, 'ann', 'a good long password', ca),
        /account-disabled/,
      );

      // A working card pays the overdue invoice at once and the door opens again.
      await addSandboxCard(server.app, server.customerId, { expYear: 2031 });
      assert.equal((await ctx.tenancy.findHostByDomain(domain))!.status, 'active');
      const again = await loginRaw(server.c2sPort, domain, 'ann', 'a good long password', ca);
      again.close();
    });
  });
}
