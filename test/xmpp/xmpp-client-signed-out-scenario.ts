/**
 * @xmpp/client (npm) signed out from the dashboard, run as a child process by
 * test/member-troubleshooting.test.ts. Alice signs in with the resource `Conversations.Ab12`,
 * prints `ONLINE <jid>` and waits; the test then ends her sessions through the API. Exit code 0
 * means the client got the stream error that says why (`policy-violation` with its text) and was
 * disconnected.
 *
 * usage: xmpp-client-signed-out-scenario.ts SERVICE DOMAIN PASSWORD
 */
import { client, xml } from '@xmpp/client';
import { resolveToLoopback, sendSniOnDirectTls } from './xmpp-client-patches.js';

const [service, domain, password] = process.argv.slice(2) as [string, string, string];

resolveToLoopback(domain);
sendSniOnDirectTls();

// A sign-out that never comes fails within seconds instead of hanging the suite.
setTimeout(() => {
  console.error('not signed out within 30 s');
  process.exit(1);
}, 30_000).unref();

const alice = client({
  service,
  domain,
  username: 'alice',
  password,
  resource: 'Conversations.Ab12',
  timeout: 30_000,
});
alice.reconnect.stop();
const streamError = new Promise<{ condition: string; text: string }>((resolve) =>
  alice.on('error', (error: Error & { condition?: string; text?: string }) => {
    if (error.name === 'StreamError') resolve({ condition: error.condition ?? '', text: error.text ?? '' });
    else console.error(`alice: ${error.message}`);
  }),
);
// With reconnection stopped, the stream error leaves the client disconnected for good.
const disconnected = new Promise<void>((resolve) => alice.on('disconnect', () => resolve()));

const jid = await alice.start();
await alice.send(xml('presence'));
console.log(`ONLINE ${jid.toString()}`);

const { condition, text } = await streamError;
console.log(`STREAM-ERROR ${condition}: ${text}`);
await disconnected;
if (condition !== 'policy-violation' || !/signed out/i.test(text)) process.exit(2);
console.log('OFFLINE');
process.exit(0);
