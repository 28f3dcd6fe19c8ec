/**
 * XEP-0215 external services: the STUN and TURN servers of the configuration, written as RFC 7064
 * and RFC 7065 URIs (`turn:turn.example.net:3478?transport=udp`), and the `<service/>` elements a
 * client receives.
 */
import { attr, xml, type Element } from '../../stanza/index.js';

export const EXTDISCO = 'urn:xmpp:extdisco:2';

export type ServiceType = 'stun' | 'stuns' | 'turn' | 'turns';

export interface ExternalService {
  type: ServiceType;
  host: string;
  port: number;
  transport: 'udp' | 'tcp';
}

export interface ServiceCredentials {
  username: string;
  password: string;
  /** XEP-0082 date and time. */
  expires: string;
}

/** A STUN or TURN URI with an optional port and transport (RFC 7064 §3.1, RFC 7065 §3.1). */
export const SERVICE_URI =
  /^(stuns?|turns?):([A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?(?:\?transport=(udp|tcp))?$/;

/** The service a URI names, with the default port and transport of its scheme; undefined if it is not one. */
export function parseServiceUri(uri: string): ExternalService | undefined {
  const match = SERVICE_URI.exec(uri);
  if (!match) return undefined;
  const [, scheme, host, port, transport] = match as unknown as [
    string,
    ServiceType,
    string,
    string?,
    string?,
  ];
  const isSecure = scheme.endsWith('s');
  const number = port === undefined ? (isSecure ? 5349 : 3478) : Number(port);
  if (number < 1 || number > 65535) return undefined;
  return {
    type: scheme,
    host: host.replace(/^\[(.*)\]$/, '$1'),
    port: number,
    transport: (transport ?? (isSecure ? 'tcp' : 'udp')) as 'udp' | 'tcp',
  };
}

export const needsCredentials = (service: ExternalService) =>
  service.type === 'turn' || service.type === 'turns';

export function serviceElement(service: ExternalService, credentials?: ServiceCredentials): Element {
  return xml('service', {
    type: service.type,
    host: service.host,
    port: String(service.port),
    transport: service.transport,
    ...(credentials && { restricted: '1', ...credentials }),
  });
}

/** What a `<services/>` or `<credentials/>` request asks for: a type, and for credentials a host. */
export function requestedService(payload: Element): { type?: string; host?: string } {
  const service = payload.name === 'credentials' ? payload.getChild('service') : payload;
  if (!service) return {};
  const type = attr(service, 'type');
  const host = attr(service, 'host');
  return { ...(type !== undefined && { type }), ...(host !== undefined && { host }) };
}
