/**
 * @xmpp/client (npm) reading the service's outage status the XEP-0455 way, run as a child process
 * by test/xmpp-outage-status.test.ts: alice asks her server's disco#info for the urn:xmpp:sos:0
 * form, fetches each external status address over HTTP as a chat app would, and prints the
 * document as `STATUS <json>`. The test server's public URL names another origin than the one it
 * listens on, so the address is fetched at ORIGIN with the same path.
 *
 * usage: xmpp-client-outage-status-scenario.ts SERVICE DOMAIN PASSWORD ORIGIN
 */
import { client, xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { resolveToLoopback, sendSniOnDirectTls } from './xmpp-client-patches.js';

const [service, domain, password, origin] = process.argv.slice(2) as [string, string, string, string];

resolveToLoopback(domain);
sendSniOnDirectTls();

setTimeout(() => {
  console.error('no status within 30 s');
  process.exit(1);
}, 30_000).unref();

const alice = client({ service, domain, username: 'alice', password, resource: 'sos', timeout: 30_000 });
alice.reconnect.stop();
alice.on('error', (error: Error) => console.error(`alice: ${error.message}`));
await alice.start();

const info: Element = await alice.iqCaller.request(
  xml('iq', { type: 'get', to: domain }, xml('query', { xmlns: 'http://jabber.org/protocol/disco#info' })),
);
const form = info
  .getChild('query')
  ?.getChildren('x', 'jabber:x:data')
  .find((x: Element) =>
    x
      .getChildren('field')
      .some((f: Element) => f.attrs.var === 'FORM_TYPE' && f.getChildText('value') === 'urn:xmpp:sos:0'),
  );
const addresses =
  form
    ?.getChildren('field')
    .find((f: Element) => f.attrs.var === 'external-status-addresses')
    ?.getChildren('value')
    .map((value: Element) => value.text()) ?? [];
if (addresses.length === 0) {
  console.error(`no urn:xmpp:sos:0 form in ${info.toString()}`);
  process.exit(2);
}
for (const address of addresses) {
  console.log(`ADDRESS ${address}`);
  const url = new URL(address);
  const response = await fetch(origin + url.pathname + url.search);
  console.log(`STATUS ${JSON.stringify(await response.json())}`);
}
await alice.stop();
process.exit(0);
