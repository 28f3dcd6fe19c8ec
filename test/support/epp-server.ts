/**
 * An in-process EPP server standing in for a registrar, which cannot be reached from here. It
 * follows RFC 5730 (greeting, login, logout, result codes), RFC 5731 (domain `renew` with
 * `curExpDate`, `info`) and RFC 5734 (TLS, 4-byte length framing). Tests make it fail on purpose:
 * a passing error (2400), a refusal (2304), or an answer lost after the renewal was done.
 */
import { createServer, type Server, type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { escapeXML, parse, type Element } from 'ltx';
import { createSelfSignedCertificate } from '../../src/platform/tls/index.js';
import { DOMAIN_NS, encodeFrame, EPP_NS, FrameReader } from '../../src/domains/registration/epp-frames.js';

export interface EppServer {
  host: string;
  port: number;
  /** PEM of the server's self-signed certificate, for IMHOST_EPP_CA_FILE. */
  caPem: string;
  clientId: string;
  password: string;
  /** name → expiry (ISO) at the registry. */
  domains: Map<string, string>;
  /** Every renewal that took effect. */
  renewals: { domain: string; from: string; to: string }[];
  /** The next N renew commands answer 2400 Command failed, changing nothing. */
  failNextRenewals: number;
  /** The next N renewals take effect, but the connection drops before the answer. */
  dropAnswerOfNextRenewals: number;
  /** Names whose renewal is refused with 2304 (object status prohibits operation). */
  refused: Set<string>;
  close(): Promise<void>;
}

const GREETING = `<?xml version="1.0" encoding="UTF-8" standalone="no"?><epp xmlns="${EPP_NS}"><greeting><svID>Example EPP server epp.test</svID><svDate>2026-01-01T00:00:00.0Z</svDate><svcMenu><version>1.0</version><lang>en</lang><objURI>${DOMAIN_NS}</objURI></svcMenu><dcp><access><all/></access><statement><purpose><admin/><prov/></purpose><recipient><ours/></recipient><retention><stated/></retention></statement></dcp></greeting></epp>`;

function response(code: number, msg: string, clTRID: string | undefined, resData = ''): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="no"?><epp xmlns="${EPP_NS}"><response><result code="${code}"><msg>${escapeXML(msg)}</msg></result>${resData}<trID>${clTRID ? `<clTRID>${escapeXML(clTRID)}</clTRID>` : ''}<svTRID>SV-${Math.abs(code)}</svTRID></trID></response></epp>`;
}

function addYears(iso: string, years: number): string {
  const date = new Date(iso);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date.toISOString();
}

export async function startEppServer(): Promise<EppServer> {
  const { certPem, keyPem } = await createSelfSignedCertificate('localhost', new Date());
  const state: Omit<EppServer, 'host' | 'port' | 'close'> = {
    caPem: certPem,
    clientId: 'imhost-test',
    password: 'epp secret 1',
    domains: new Map(),
    renewals: [],
    failNextRenewals: 0,
    dropAnswerOfNextRenewals: 0,
    refused: new Set(),
  };

  function handle(socket: TLSSocket, session: { isLoggedIn: boolean }, command: Element): string | null {
    const clTRID = command.getChildText('clTRID') ?? undefined;
    const login = command.getChild('login');
    if (login) {
      if (login.getChildText('clID') !== state.clientId || login.getChildText('pw') !== state.password)
        return response(2200, 'Authentication error', clTRID);
      session.isLoggedIn = true;
      return response(1000, 'Command completed successfully', clTRID);
    }
    if (command.getChild('logout')) {
      session.isLoggedIn = false;
      return response(1500, 'Command completed successfully; ending session', clTRID);
    }
    if (!session.isLoggedIn) return response(2002, 'Command use error', clTRID);
    const renew = command.getChild('renew')?.getChild('renew', DOMAIN_NS);
    if (renew) {
      const name = (renew.getChildText('name', DOMAIN_NS) ?? '').toLowerCase();
      const curExpDate = renew.getChildText('curExpDate', DOMAIN_NS) ?? '';
      const period = renew.getChild('period', DOMAIN_NS);
      const years = Number(period?.text() ?? '1') * (period?.attrs.unit === 'm' ? 1 / 12 : 1);
      const expiry = state.domains.get(name);
      if (!expiry) return response(2303, 'Object does not exist', clTRID);
      if (state.failNextRenewals > 0) {
        state.failNextRenewals -= 1;
        return response(2400, 'Command failed', clTRID);
      }
      if (state.refused.has(name)) return response(2304, 'Object status prohibits operation', clTRID);
      // RFC 5731 §3.2.3: curExpDate must match, so a repeated request cannot renew twice.
      if (expiry.slice(0, 10) !== curExpDate) return response(2306, 'Parameter value policy error', clTRID);
      const to = addYears(expiry, years);
      state.domains.set(name, to);
      state.renewals.push({ domain: name, from: expiry, to });
      if (state.dropAnswerOfNextRenewals > 0) {
        state.dropAnswerOfNextRenewals -= 1;
        socket.destroy();
        return null;
      }
      return response(
        1000,
        'Command completed successfully',
        clTRID,
        `<resData><domain:renData xmlns:domain="${DOMAIN_NS}"><domain:name>${escapeXML(name)}</domain:name><domain:exDate>${to}</domain:exDate></domain:renData></resData>`,
      );
    }
    const info = command.getChild('info')?.getChild('info', DOMAIN_NS);
    if (info) {
      const name = (info.getChildText('name', DOMAIN_NS) ?? '').toLowerCase();
      const expiry = state.domains.get(name);
      if (!expiry) return response(2303, 'Object does not exist', clTRID);
      return response(
        1000,
        'Command completed successfully',
        clTRID,
        `<resData><domain:infData xmlns:domain="${DOMAIN_NS}"><domain:name>${escapeXML(name)}</domain:name><domain:roid>${name.toUpperCase()}-REP</domain:roid><domain:status s="ok"/><domain:clID>${state.clientId}</domain:clID><domain:exDate>${expiry}</domain:exDate></domain:infData></resData>`,
      );
    }
    return response(2000, 'Unknown command', clTRID);
  }

  const server: Server = createServer({ cert: certPem, key: keyPem }, (socket) => {
    const reader = new FrameReader();
    const session = { isLoggedIn: false };
    socket.on('error', () => undefined);
    socket.write(encodeFrame(GREETING));
    socket.on('data', (chunk: Buffer) => {
      for (const frame of reader.push(chunk)) {
        const command = parse(frame).getChild('command');
        const answer = command
          ? handle(socket, session, command)
          : response(2001, 'Command syntax error', undefined);
        if (answer === null) return;
        socket.write(encodeFrame(answer));
        if (command?.getChild('logout')) socket.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(state, {
    host: 'localhost',
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
