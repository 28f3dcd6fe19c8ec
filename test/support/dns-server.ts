/**
 * An authoritative DNS server for tests (dns2, UDP on loopback): the records a test sets are what
 * imhost's resolver (IMHOST_DNS_SERVERS) and pebble's validation see. A name it has no record of
 * the asked type answers NOERROR with no data.
 */
import dns2 from 'dns2';

const { Packet } = dns2;

export interface TestDnsServer {
  port: number;
  /** `ip:port` for IMHOST_DNS_SERVERS. */
  address: string;
  setA(name: string, addresses: string[]): void;
  setTxt(name: string, values: string[]): void;
  setCname(name: string, target: string): void;
  setSrv(name: string, records: { priority: number; weight: number; port: number; target: string }[]): void;
  clear(name: string): void;
  close(): Promise<void>;
}

type Answer = Record<string, unknown> & { type: number };

export async function startDnsServer(): Promise<TestDnsServer> {
  const zone = new Map<string, Answer[]>();
  const key = (name: string) => name.toLowerCase().replace(/\.$/, '');
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const question = request.questions[0]!;
      // A CNAME is followed within the zone, as a recursive resolver would answer.
      let name = key(question.name);
      for (let hops = 0; hops < 8; hops++) {
        const records = zone.get(name) ?? [];
        const alias = records.find((answer) => answer.type === Packet.TYPE.CNAME);
        for (const answer of records.filter((record) => record.type === question.type || record === alias))
          response.answers.push({ name, class: Packet.CLASS.IN, ttl: 1, ...answer } as never);
        if (!alias || question.type === Packet.TYPE.CNAME) break;
        name = key(alias.domain as string);
      }
      send(response);
    },
  });
  const listening = new Promise<void>((resolve) => server.once('listening', () => resolve()));
  await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  await listening;
  const port = (server.addresses() as { udp: { port: number } }).udp.port;
  const replace = (name: string, type: number, answers: Answer[]) => {
    const others = (zone.get(key(name)) ?? []).filter((answer) => answer.type !== type);
    zone.set(key(name), [...others, ...answers]);
  };
  return {
    port,
    address: `127.0.0.1:${port}`,
    setA: (name, addresses) =>
      replace(
        name,
        Packet.TYPE.A,
        addresses.map((address) => ({ type: Packet.TYPE.A, address })),
      ),
    setTxt: (name, values) =>
      replace(
        name,
        Packet.TYPE.TXT,
        values.map((data) => ({ type: Packet.TYPE.TXT, data })),
      ),
    setCname: (name, target) =>
      replace(name, Packet.TYPE.CNAME, [{ type: Packet.TYPE.CNAME, domain: target }]),
    setSrv: (name, records) =>
      replace(
        name,
        Packet.TYPE.SRV,
        records.map((record) => ({ type: Packet.TYPE.SRV, ...record })),
      ),
    clear: (name) => zone.delete(key(name)),
    close: () => server.close(),
  };
}
