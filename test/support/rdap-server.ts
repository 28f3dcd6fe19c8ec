/**
 * An in-process RDAP server (RFC 9083 responses over RFC 7480 HTTP) standing in for a registry,
 * which cannot be reached from here. It answers `/domain/<name>` from a table the test controls,
 * and `/dns.json` with an RFC 9224 bootstrap file naming itself for the TLDs it serves.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RegistryDomain {
  expiresAt: string;
  statuses?: string[];
  registrar?: string;
}

export interface RdapServer {
  url: string;
  domains: Map<string, RegistryDomain>;
  /** Every name asked for, in order. */
  requests: string[];
  close(): Promise<void>;
}

function domainObject(name: string, domain: RegistryDomain) {
  return {
    rdapConformance: ['rdap_level_0'],
    objectClassName: 'domain',
    handle: `${name.toUpperCase().replace(/\./g, '_')}-REG`,
    ldhName: name,
    status: domain.statuses ?? ['active'],
    events: [
      { eventAction: 'registration', eventDate: '2020-03-01T00:00:00Z' },
      { eventAction: 'expiration', eventDate: domain.expiresAt },
      { eventAction: 'last update of RDAP database', eventDate: '2026-01-01T00:00:00Z' },
    ],
    entities: [
      {
        objectClassName: 'entity',
        handle: '9999',
        roles: ['registrar'],
        vcardArray: [
          'vcard',
          [
            ['version', {}, 'text', '4.0'],
            ['fn', {}, 'text', domain.registrar ?? 'Example Registrar, Inc.'],
          ],
        ],
      },
    ],
  };
}

/** `live`, when given, answers first: a registry that follows another's state (the EPP server's). */
export async function startRdapServer(
  options: { tlds?: string[]; live?: (name: string) => RegistryDomain | undefined } = {},
): Promise<RdapServer> {
  const tlds = options.tlds ?? ['com', 'net', 'example'];
  const domains = new Map<string, RegistryDomain>();
  const requests: string[] = [];
  let url = '';
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://rdap.test').pathname;
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/rdap+json' });
      response.end(JSON.stringify(body));
    };
    if (path === '/dns.json') {
      return send(200, {
        version: '1.0',
        publication: '2026-01-01T00:00:00Z',
        services: [[tlds, [`${url}/`]]],
      });
    }
    const match = /^\/domain\/([^/]+)$/.exec(path);
    if (!match) return send(400, { errorCode: 400, title: 'Bad Request' });
    const name = decodeURIComponent(match[1]!).toLowerCase();
    requests.push(name);
    const domain = options.live?.(name) ?? domains.get(name);
    if (!domain)
      return send(404, { errorCode: 404, title: 'Not Found', description: [`${name} is not registered`] });
    return send(200, domainObject(name, domain));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    domains,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
