/**
 * The group chat phase of `bench/xmpp.ts`: OCCUPANTS clients enter one room (the first creates it as
 * an instant room), then SENDERS of them each keep IN_FLIGHT groupchat messages in flight, sending
 * the next when the room echoes one back. Every message reaches every occupant; the phase reports
 * room messages per second, deliveries per second (messages × occupants) and the latency of every
 * delivery, the same way against imhost, Prosody and ejabberd.
 */
import type { BenchClient, BenchTarget } from './bench-client.js';

export interface MucLoad {
  occupants: number;
  senders: number;
  inFlight: number;
  perSender: number;
  warmupPerSender: number;
}

export interface MucResult {
  messages: number;
  deliveries: number;
  seconds: number;
  /** Sorted, in milliseconds. */
  latencies: number[];
}

const MUC = 'http://jabber.org/protocol/muc';

export async function runMucPhase(
  target: BenchTarget,
  login: (username: string, resource: string) => Promise<BenchClient>,
  load: MucLoad,
  measured: (run: () => Promise<void>) => Promise<void>,
): Promise<MucResult> {
  const room = `bench${Date.now().toString(36)}@conference.${target.domain}`;
  const clients: BenchClient[] = [];
  for (let i = 0; i < load.occupants; i++) {
    const client = await login(`user${i}`, 'muc');
    client.send(`<presence to='${room}/u${i}'><x xmlns='${MUC}'><history maxstanzas='0'/></x></presence>`);
    // Our own presence in the room carries status 110.
    await client.expect(
      new RegExp(`<presence[^>]*from=["']${room}/u${i}["'][\\s\\S]*?code=["']110["'][\\s\\S]*?</presence>`),
    );
    if (i === 0) {
      // An instant room: accept the default configuration (XEP-0045 §10.1.2), which unlocks it.
      client.send(
        `<iq type='set' id='instant' to='${room}'><query xmlns='${MUC}#owner'><x xmlns='jabber:x:data' type='submit'/></query></iq>`,
      );
      await client.expect(
        /<iq[^>]*id=["']instant["'][^>]*type=["']result["']|<iq[^>]*type=["']result["'][^>]*id=["']instant["']/,
      );
    }
    clients.push(client);
  }

  const round = (perSender: number, latencies: number[]) =>
    new Promise<void>((done) => {
      const expected = load.senders * perSender * load.occupants;
      let delivered = 0;
      clients.forEach((client, index) => {
        const isSender = index < load.senders;
        let sent = 0;
        const mark = `s${index}:`;
        const sendOne = () => {
          sent++;
          client.send(
            `<message type='groupchat' to='${room}'><body>${mark}${performance.now()}</body></message>`,
          );
        };
        client.onMessage = (body) => {
          const colon = body.indexOf(':');
          if (colon < 0) return;
          latencies.push(performance.now() - Number(body.slice(colon + 1)));
          delivered++;
          if (isSender && body.startsWith(mark) && sent < perSender) sendOne();
          if (delivered === expected) done();
        };
        if (isSender) for (let i = 0; i < load.inFlight; i++) sendOne();
      });
    });

  if (load.warmupPerSender > 0) await round(load.warmupPerSender, []);
  const latencies: number[] = [];
  const started = performance.now();
  await measured(() => round(load.perSender, latencies));
  const seconds = (performance.now() - started) / 1000;
  for (const client of clients) client.close();
  latencies.sort((a, b) => a - b);
  const messages = load.senders * load.perSender;
  return { messages, deliveries: messages * load.occupants, seconds, latencies };
}
