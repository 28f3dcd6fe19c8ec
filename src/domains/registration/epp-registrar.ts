import { connect, type TLSSocket } from 'node:tls';
import { escapeXML, parse, type Element } from 'ltx';
import { dateOnly, DOMAIN_NS, encodeFrame, EPP_NS, FrameReader } from './epp-frames.js';
import type { RegistrarPort, RenewOutcome, RenewRequest } from './registrar-port.js';

export interface EppOptions {
  host: string;
  port: number;
  clientId: string;
  password: string;
  /** PEM of the CA that signs the registrar's certificate, where it is not a public one. */
  ca?: string | undefined;
  /** PEM certificate and key of our client certificate, where the registrar asks for one (RFC 5734 §9). */
  clientCert?: string | undefined;
  clientKey?: string | undefined;
}

const TIMEOUT_MS = 30_000;

interface EppResult {
  code: number;
  message: string;
  response: Element;
}

/** RFC 5730 §3: 2400 (command failed) and 25xx (server closing) are worth asking again. */
function isPassing(code: number): boolean {
  return code === 2400 || (code >= 2500 && code <= 2502);
}

/** What a registry answers to a `curExpDate` that is not the domain's expiry any more. */
function isExpiryMismatch(code: number): boolean {
  return code === 2004 || code === 2306;
}

class EppSession {
  private readonly reader = new FrameReader();
  private readonly frames: string[] = [];
  private waiter: { resolve: (xml: string) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;

  constructor(private readonly socket: TLSSocket) {
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const frame of this.reader.push(chunk)) this.deliver(frame);
      } catch (error) {
        this.fail(error as Error);
      }
    });
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('the EPP server closed the connection')));
    socket.setTimeout(TIMEOUT_MS, () => {
      this.fail(new Error('the EPP server did not answer in time'));
      socket.destroy();
    });
  }

  private deliver(frame: string): void {
    if (this.waiter) {
      const { resolve } = this.waiter;
      this.waiter = undefined;
      resolve(frame);
    } else this.frames.push(frame);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    if (this.waiter) {
      const { reject } = this.waiter;
      this.waiter = undefined;
      reject(error);
    }
  }

  next(): Promise<string> {
    const frame = this.frames.shift();
    if (frame !== undefined) return Promise.resolve(frame);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  async command(inner: string, clTRID: string): Promise<EppResult> {
    this.socket.write(
      encodeFrame(
        `<?xml version="1.0" encoding="UTF-8" standalone="no"?><epp xmlns="${EPP_NS}"><command>${inner}<clTRID>${escapeXML(clTRID)}</clTRID></command></epp>`,
      ),
    );
    const response = parse(await this.next()).getChild('response');
    const result = response?.getChild('result');
    if (!response || !result) throw new Error('the EPP answer has no result');
    return { code: Number(result.attrs.code), message: result.getChildText('msg') ?? '', response };
  }

  close(): void {
    this.socket.end();
  }
}

function exDateOf(response: Element, dataName: 'renData' | 'infData'): string | null {
  const data = response.getChild('resData')?.getChild(dataName, DOMAIN_NS);
  const text = data?.getChildText('exDate', DOMAIN_NS);
  return text && !Number.isNaN(Date.parse(text)) ? new Date(text).toISOString() : null;
}

const infoCommand = (domain: string) =>
  `<info><domain:info xmlns:domain="${DOMAIN_NS}"><domain:name hosts="none">${escapeXML(domain)}</domain:name></domain:info></info>`;

/** The EPP registrar adapter: one session (greeting, login, command, logout) per renewal or info. */
export function createEppRegistrar(options: EppOptions): RegistrarPort {
  async function session<T>(clTRID: string, work: (epp: EppSession) => Promise<T>): Promise<T> {
    const socket = connect({
      host: options.host,
      port: options.port,
      servername: options.host,
      ca: options.ca,
      cert: options.clientCert,
      key: options.clientKey,
      minVersion: 'TLSv1.2',
    });
    const epp = new EppSession(socket);
    try {
      const greeting = parse(await epp.next());
      if (!greeting.getChild('greeting')) throw new Error('the EPP server sent no greeting');
      const login = await epp.command(
        `<login><clID>${escapeXML(options.clientId)}</clID><pw>${escapeXML(options.password)}</pw><options><version>1.0</version><lang>en</lang></options><svcs><objURI>${DOMAIN_NS}</objURI></svcs></login>`,
        `${clTRID}-login`,
      );
      if (login.code !== 1000) throw new EppRefusal(login.code, `login: ${login.message}`);
      const result = await work(epp);
      await epp.command('<logout/>', `${clTRID}-logout`).catch(() => undefined);
      return result;
    } finally {
      epp.close();
    }
  }

  async function info(epp: EppSession, domain: string, clTRID: string): Promise<string | null> {
    const answer = await epp.command(infoCommand(domain), clTRID);
    if (answer.code !== 1000) throw new EppRefusal(answer.code, `info: ${answer.message}`);
    return exDateOf(answer.response, 'infData');
  }

  async function renew(request: RenewRequest): Promise<RenewOutcome> {
    const clTRID = `${request.renewalId}-${request.attempt}`;
    try {
      return await session(clTRID, async (epp) => {
        const answer = await epp.command(
          `<renew><domain:renew xmlns:domain="${DOMAIN_NS}"><domain:name>${escapeXML(request.domain)}</domain:name><domain:curExpDate>${dateOnly(request.curExpDate)}</domain:curExpDate><domain:period unit="y">${request.years}</domain:period></domain:renew></renew>`,
          clTRID,
        );
        if (answer.code === 1000 || answer.code === 1001) {
          const expiresAt =
            exDateOf(answer.response, 'renData') ?? (await info(epp, request.domain, `${clTRID}-info`));
          if (!expiresAt) return { kind: 'failed', reason: 'the registrar did not tell the new expiry' };
          return { kind: 'renewed', expiresAt };
        }
        if (isExpiryMismatch(answer.code)) {
          // Our earlier attempt may have renewed it and its answer been lost: the expiry tells.
          const expiresAt = await info(epp, request.domain, `${clTRID}-info`);
          if (expiresAt && dateOnly(expiresAt) > dateOnly(request.curExpDate))
            return { kind: 'renewed', expiresAt };
          return { kind: 'refused', reason: `${answer.code} ${answer.message}` };
        }
        if (isPassing(answer.code)) return { kind: 'failed', reason: `${answer.code} ${answer.message}` };
        return { kind: 'refused', reason: `${answer.code} ${answer.message}` };
      });
    } catch (error) {
      if (error instanceof EppRefusal && !isPassing(error.code))
        return { kind: 'refused', reason: error.message };
      return { kind: 'failed', reason: (error as Error).message };
    }
  }

  return {
    name: 'epp',
    renew,
    currentExpiry: (domain) => session(`info-${domain}`, (epp) => info(epp, domain, `info-${domain}`)),
  };
}

class EppRefusal extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(`${code} ${message}`);
  }
}
