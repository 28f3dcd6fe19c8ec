/**
 * One XEP-0114 component connection: the `jabber:component:accept` stream header names the
 * component's domain, the component proves its secret with the handshake, and from then on it
 * routes stanzas from any address at its domain and receives every stanza routed to that domain.
 *
 * The domain must be configured and must sit directly under a host this server serves and has not
 * suspended (operator configuration, never a customer's), else `host-unknown`; a wrong handshake is
 * `not-authorized`; a second connection for a connected domain is refused with `conflict`.
 */
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import {
  attr,
  NS,
  POST_AUTH_STANZA_BYTES,
  StreamError,
  StreamParser,
  tryParseJid,
  xml,
  type Element,
} from '../../stanza/index.js';
import type { ModuleContext } from '../../core/index.js';
import { isHandshakeValid, parentDomain } from './component-secrets.js';

export const COMPONENT_NS = 'jabber:component:accept';

const STANZA_NAMES = new Set(['message', 'presence', 'iq']);

type Phase =
  | { name: 'connected' }
  | { name: 'handshaking'; domain: string; secret: string }
  | { name: 'ready'; domain: string; detach: () => void }
  | { name: 'closed' };

export interface ComponentConnectionDeps {
  ctx: Pick<ModuleContext, 'hosts' | 'route' | 'attachDomain' | 'logger'>;
  components: ReadonlyMap<string, string>;
}

export class ComponentConnection {
  private phase: Phase = { name: 'connected' };
  private readonly streamId = randomBytes(12).toString('hex');
  private isHeaderSent = false;
  private readonly parser: StreamParser;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: Socket,
    private readonly deps: ComponentConnectionDeps,
  ) {
    // One stream and one parser; the port is the operator's (usually bound to the loopback
    // address), so stanzas get the authenticated limit from the start.
    this.parser = new StreamParser(
      {
        streamStart: (_name, attrs) => this.enqueue(() => this.onStreamStart(attrs)),
        stanza: (element) => this.enqueue(() => this.onElement(element)),
        streamEnd: () => this.enqueue(async () => this.close()),
        error: (error) => this.close(error),
      },
      { maxStanzaBytes: POST_AUTH_STANZA_BYTES, maxDepth: 32, maxChildren: 25_000 },
    );
    socket.on('data', (data: Buffer) => this.parser.write(data));
    socket.on('error', () => {});
    socket.on('close', () => this.finish());
  }

  /** Ends the stream, with a stream error if given. */
  close(error?: StreamError): void {
    if (this.phase.name === 'closed') return;
    if (error) {
      this.ensureHeader();
      this.write(error.toElement().toString());
    }
    this.write('</stream:stream>');
    this.socket.end();
    this.finish();
  }

  private enqueue(step: () => Promise<void>): void {
    this.chain = this.chain
      .then(() => (this.phase.name === 'closed' ? undefined : step()))
      .catch((error: unknown) => {
        if (error instanceof StreamError) return this.close(error);
        this.deps.ctx.logger.error({ err: error }, 'component stream failed');
        this.close(new StreamError('internal-server-error'));
      });
  }

  private write(text: string): void {
    if (!this.socket.destroyed) this.socket.write(text);
  }

  private ensureHeader(from?: string): void {
    if (this.isHeaderSent) return;
    this.isHeaderSent = true;
    const attrs: Record<string, string> = {
      xmlns: COMPONENT_NS,
      'xmlns:stream': NS.stream,
      id: this.streamId,
    };
    if (from) attrs.from = from;
    // The opening tag of an element with no children: its text without the closing slash.
    this.write(`<?xml version='1.0'?>${xml('stream:stream', attrs).toString().replace(/\/>$/, '>')}`);
  }

  private async onStreamStart(attrs: Record<string, string>): Promise<void> {
    if (this.phase.name !== 'connected')
      throw new StreamError('bad-format', { text: 'a second stream header' });
    const domain = (attrs.to ?? '').toLowerCase();
    if (attrs.xmlns !== COMPONENT_NS) {
      this.ensureHeader();
      throw new StreamError('invalid-namespace', { text: `components speak ${COMPONENT_NS}` });
    }
    const secret = this.deps.components.get(domain);
    if (secret === undefined || !(await this.isUnderServedHost(domain))) {
      this.ensureHeader();
      throw new StreamError('host-unknown', { text: 'no component is configured at that domain' });
    }
    this.ensureHeader(domain);
    this.phase = { name: 'handshaking', domain, secret };
  }

  /** The parent is a host here, not suspended or gone, and the domain is not a host itself. */
  private async isUnderServedHost(domain: string): Promise<boolean> {
    const { hosts } = this.deps.ctx;
    const parent = await hosts.find(parentDomain(domain));
    return parent?.status === 'active' && !(await hosts.find(domain));
  }

  private async onElement(element: Element): Promise<void> {
    const { phase } = this;
    if (phase.name === 'handshaking') return this.onHandshake(element, phase);
    if (phase.name !== 'ready') throw new StreamError('not-authorized');
    if (!STANZA_NAMES.has(element.name)) throw new StreamError('unsupported-stanza-type');
    const from = tryParseJid(attr(element, 'from') ?? '');
    if (!from || from.domain !== phase.domain)
      throw new StreamError('invalid-from', { text: `stanzas must come from an address at ${phase.domain}` });
    if (attr(element, 'to') === undefined || !tryParseJid(attr(element, 'to') ?? ''))
      throw new StreamError('improper-addressing', { text: 'a stanza from a component needs a valid to' });
    if (attr(element, 'xmlns') === COMPONENT_NS) delete element.attrs.xmlns;
    await this.deps.ctx.route(element);
  }

  private onHandshake(element: Element, phase: Extract<Phase, { name: 'handshaking' }>): void {
    if (element.name !== 'handshake') throw new StreamError('not-authorized', { text: 'handshake first' });
    if (!isHandshakeValid(this.streamId, phase.secret, element.getText()))
      throw new StreamError('not-authorized', { text: 'wrong handshake' });
    let detach: () => void;
    try {
      detach = this.deps.ctx.attachDomain(phase.domain, (stanza) => this.write(stanza.toString()));
    } catch {
      throw new StreamError('conflict', { text: `${phase.domain} is connected already` });
    }
    this.phase = { name: 'ready', domain: phase.domain, detach };
    this.write('<handshake/>');
  }

  private finish(): void {
    const { phase } = this;
    if (phase.name === 'closed') return;
    this.phase = { name: 'closed' };
    if (phase.name === 'ready') phase.detach();
  }
}
