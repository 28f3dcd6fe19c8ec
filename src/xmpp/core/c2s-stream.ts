/**
 * One client stream, whatever carries it: RFC 6120 negotiation (stream header, STARTTLS, SASL,
 * resource binding) and then the bound session, which hands stanzas to the router.
 *
 * Everything a client sends is handled strictly in order through one promise chain, because
 * several steps (host lookup, SASL, routing) are asynchronous. The chain is bounded: reading
 * pauses while too many stanzas wait, and a byte-rate bucket throttles floods.
 */
import { randomBytes } from 'node:crypto';
import {
  attr,
  cloneElement,
  formatJid,
  jid,
  normalizeResource,
  NS,
  POST_AUTH_STANZA_BYTES,
  StanzaError,
  StreamError,
  xml,
  type Element,
  type Jid,
} from '../stanza/index.js';
import { ByteRateLimiter } from './byte-rate-limiter.js';
import { startClockTimer } from './clock-timer.js';
import { errorOf, resultOf } from './iq-handlers.js';
import type { HostRecord } from './ports.js';
import type { SaslAuthenticator, SaslContext, SaslExchange, SaslStep } from './sasl.js';
import type { Session } from './session.js';
import type { StreamIo } from './stream-io.js';
import type { XmppCore } from './xmpp-core.js';

export interface C2sLimits {
  negotiationTimeoutMs: number;
  maxSessionsPerUser: number;
  maxAuthFailures: number;
  bytesPerSecond: number;
  burstBytes: number;
  maxQueuedEvents: number;
}

export const defaultC2sLimits: C2sLimits = {
  negotiationTimeoutMs: 60_000,
  maxSessionsPerUser: 10,
  maxAuthFailures: 3,
  bytesPerSecond: 256 * 1024,
  burstBytes: 1024 * 1024,
  maxQueuedEvents: 64,
};

const ACTIVITY_WRITE_INTERVAL_MS = 60_000;
const STANZA_NAMES = new Set(['message', 'presence', 'iq']);

export interface C2sStreamDeps {
  core: XmppCore;
  sasl: SaslAuthenticator;
  limits: C2sLimits;
}

class BoundSession implements Session {
  presence: Element | null = null;
  priority = 0;
  isInterested = false;
  readonly directedPresence = new Set<string>();
  readonly username: string;

  constructor(
    readonly id: string,
    readonly host: HostRecord,
    readonly jid: Jid,
    readonly remoteAddress: string,
    private readonly stream: C2sStream,
  ) {
    this.username = jid.local;
  }

  send(stanza: Element): void {
    this.stream.sendElement(stanza);
  }

  close(error?: StreamError): void {
    this.stream.close(error);
  }
}

type Phase = 'awaiting-header' | 'negotiating' | 'bound' | 'closed';

export class C2sStream {
  private phase: Phase = 'awaiting-header';
  private readonly streamId = randomBytes(12).toString('base64url');
  private isHeaderSent = false;
  private host: HostRecord | undefined;
  private username: string | undefined;
  private session: BoundSession | undefined;
  private exchange: SaslExchange | undefined;
  private authFailures = 0;
  private chain: Promise<void> = Promise.resolve();
  private queued = 0;
  private readonly pauses = new Set<'queue' | 'rate'>();
  private readonly limiter: ByteRateLimiter;
  private readonly cancelNegotiationTimer: () => void;
  private cancelRateTimer: () => void = () => {};
  private lastActivityWriteMs = 0;

  constructor(
    private readonly io: StreamIo,
    private readonly deps: C2sStreamDeps,
  ) {
    const { clock } = deps.core;
    this.limiter = new ByteRateLimiter(deps.limits.bytesPerSecond, deps.limits.burstBytes, clock.nowMs());
    this.cancelNegotiationTimer = startClockTimer(clock, deps.limits.negotiationTimeoutMs, () =>
      this.close(new StreamError('connection-timeout', { text: 'stream negotiation took too long' })),
    );
  }

  // ---- input from the transport -------------------------------------------------------------

  received(bytes: number): void {
    const { clock } = this.deps.core;
    const pauseMs = this.limiter.take(bytes, clock.nowMs());
    if (pauseMs > 0 && !this.pauses.has('rate')) {
      this.pause('rate');
      this.cancelRateTimer = startClockTimer(clock, pauseMs, () => this.resume('rate'));
    }
  }

  streamStart(attrs: Record<string, string>): void {
    this.enqueue(() => this.onStreamStart(attrs));
  }

  stanza(element: Element): void {
    this.enqueue(() => this.onElement(element));
  }

  streamEnd(): void {
    this.enqueue(async () => this.close());
  }

  parseError(error: StreamError): void {
    this.close(error);
  }

  transportClosed(): void {
    this.finish();
  }

  get boundSession(): Session | undefined {
    return this.session;
  }

  // ---- output ---------------------------------------------------------------------------------

  sendElement(element: Element): void {
    if (this.phase === 'closed') return;
    this.io.send(element);
  }

  close(error?: StreamError): void {
    if (this.phase === 'closed') return;
    if (error) {
      this.ensureHeader();
      this.io.send(error.toElement().attr('xmlns:stream', NS.stream));
    }
    this.io.closeStream();
    this.finish();
  }

  // ---- the negotiation ------------------------------------------------------------------------

  private enqueue(step: () => Promise<void>): void {
    if (this.phase === 'closed') return;
    this.queued++;
    if (this.queued > this.deps.limits.maxQueuedEvents) this.pause('queue');
    this.chain = this.chain
      .then(() => (this.phase === 'closed' ? undefined : step()))
      .catch((error: unknown) => this.onFailure(error))
      .finally(() => {
        this.queued--;
        if (this.queued <= this.deps.limits.maxQueuedEvents / 2) this.resume('queue');
      });
  }

  /** Any error out of handling input: stream errors close as they say, anything else is our bug. */
  fail(error: unknown): void {
    this.onFailure(error);
  }

  private onFailure(error: unknown): void {
    if (error instanceof StreamError) return this.close(error);
    this.deps.core.throttledLog.error({ err: error, stream: this.streamId }, 'xmpp stream failed');
    this.close(new StreamError('internal-server-error'));
  }

  private pause(reason: 'queue' | 'rate'): void {
    if (this.pauses.size === 0) this.io.pause();
    this.pauses.add(reason);
  }

  private resume(reason: 'queue' | 'rate'): void {
    if (!this.pauses.delete(reason) || this.pauses.size > 0 || this.phase === 'closed') return;
    this.io.resume();
  }

  private ensureHeader(domain?: string): void {
    if (this.isHeaderSent) return;
    this.isHeaderSent = true;
    const attrs: Record<string, string> = { id: this.streamId, version: '1.0', 'xml:lang': 'en' };
    const from = domain ?? this.host?.domain;
    if (from) attrs.from = from;
    this.io.openStream(attrs);
  }

  private async onStreamStart(attrs: Record<string, string>): Promise<void> {
    if (this.phase !== 'awaiting-header')
      throw new StreamError('bad-format', { text: 'unexpected stream header' });
    const to = (attrs.to ?? '').toLowerCase();
    const host = to === '' ? null : await this.deps.core.hosts.find(to);
    if (!host || host.status === 'terminated') {
      this.ensureHeader();
      throw new StreamError('host-unknown', { text: 'this server does not serve that domain' });
    }
    if (this.host && this.host.id !== host.id) throw new StreamError('host-unknown');
    const isFirstHeader = !this.host;
    this.host = host;
    this.isHeaderSent = false;
    this.ensureHeader(host.domain);
    const version = attrs.version ?? '0.9';
    if (!/^1\.\d+$/.test(version))
      throw new StreamError('unsupported-version', { text: 'XMPP 1.0 is required' });
    if (isFirstHeader) this.deps.core.metrics.connection(host.domain);
    this.phase = 'negotiating';
    this.io.send(this.features());
  }

  private features(): Element {
    const features = xml('stream:features', { 'xmlns:stream': NS.stream });
    if (this.username) {
      features.cnode(xml('bind', { xmlns: NS.bind }));
      features.cnode(xml('session', { xmlns: NS.session }, xml('optional')));
      for (const feature of this.deps.core.disco.postAuthStreamFeatures())
        features.cnode(cloneElement(feature));
      return features;
    }
    if (this.io.canStartTls()) {
      features.cnode(xml('starttls', { xmlns: NS.tls }, xml('required')));
      if (this.io.requiresTlsForAuth) return features;
    }
    const ctx = this.saslContext();
    features.cnode(
      xml(
        'mechanisms',
        { xmlns: NS.sasl },
        ...this.deps.sasl.mechanisms(ctx).map((m) => xml('mechanism', {}, m)),
      ),
    );
    const bindings = this.deps.sasl.channelBindingTypes(ctx);
    if (bindings.length > 0)
      features.cnode(
        xml(
          'sasl-channel-binding',
          { xmlns: 'urn:xmpp:sasl-cb:0' },
          ...bindings.map((type) => xml('channel-binding', { type })),
        ),
      );
    return features;
  }

  private saslContext(): SaslContext {
    return {
      host: this.host!,
      remoteAddress: this.io.remoteAddress,
      isSecure: this.io.isSecure(),
      tls: this.io.tlsBindings(),
    };
  }

  private async onElement(element: Element): Promise<void> {
    if (this.phase === 'awaiting-header') throw new StreamError('not-authorized');
    if (this.phase === 'bound') return this.onStanza(element, this.session!);
    const xmlns = attr(element, 'xmlns');
    if (element.name === 'starttls' && xmlns === NS.tls) return this.onStartTls();
    if (xmlns === NS.sasl && !this.username) return this.onSasl(element);
    if (this.username && element.name === 'iq') return this.onBindPhaseIq(element);
    if (this.io.canStartTls() && this.io.requiresTlsForAuth)
      throw new StreamError('policy-violation', { text: 'use STARTTLS first' });
    throw new StreamError('not-authorized');
  }

  private async onStartTls(): Promise<void> {
    if (!this.io.canStartTls())
      throw new StreamError('policy-violation', { text: 'TLS is already negotiated' });
    this.phase = 'awaiting-header';
    this.isHeaderSent = false;
    await this.io.startTls(this.host!.domain, xml('proceed', { xmlns: NS.tls }));
  }

  private async onSasl(element: Element): Promise<void> {
    if (element.name === 'auth') {
      if (this.io.requiresTlsForAuth && !this.io.isSecure())
        return this.saslFailure({ kind: 'failure', condition: 'encryption-required' });
      this.exchange = this.deps.sasl.start(attr(element, 'mechanism') ?? '', this.saslContext());
      if (!this.exchange) return this.saslFailure({ kind: 'failure', condition: 'invalid-mechanism' });
    } else if (element.name === 'abort') {
      this.exchange = undefined;
      return this.saslFailure({ kind: 'failure', condition: 'aborted' });
    } else if (element.name !== 'response' || !this.exchange) {
      return this.saslFailure({ kind: 'failure', condition: 'malformed-request' });
    }
    const data = decodeSaslPayload(element.text());
    if (!data) return this.saslFailure({ kind: 'failure', condition: 'incorrect-encoding' });
    const step = await this.exchange.step(data);
    if (step.kind === 'challenge') {
      this.io.send(xml('challenge', { xmlns: NS.sasl }, step.data.toString('base64')));
      return;
    }
    this.exchange = undefined;
    if (step.kind === 'failure') return this.saslFailure(step);
    this.onAuthenticated(step.username, step.data);
  }

  private saslFailure(step: Extract<SaslStep, { kind: 'failure' }>): void {
    this.exchange = undefined;
    this.deps.core.metrics.login(this.host!.domain, 'failed');
    const failure = xml('failure', { xmlns: NS.sasl }, xml(step.condition));
    if (step.text) failure.cnode(xml('text', { 'xml:lang': 'en' }, step.text));
    this.io.send(failure);
    if (step.condition === 'aborted' || step.condition === 'invalid-mechanism') return;
    if (++this.authFailures >= this.deps.limits.maxAuthFailures)
      this.close(new StreamError('policy-violation', { text: 'too many failed authentication attempts' }));
  }

  private onAuthenticated(username: string, data: Buffer | undefined): void {
    const host = this.host!;
    this.username = username;
    this.deps.core.metrics.login(host.domain, 'ok');
    // recordLogin stamps the activity too, so the session's first stanzas need not.
    this.lastActivityWriteMs = this.deps.core.clock.nowMs();
    this.deps.core.directory
      .recordLogin(host.id, username)
      .catch((error: unknown) =>
        this.deps.core.logger.warn({ err: error }, 'could not record an XMPP login'),
      );
    this.phase = 'awaiting-header';
    this.isHeaderSent = false;
    this.io.resetParser(POST_AUTH_STANZA_BYTES);
    this.io.send(xml('success', { xmlns: NS.sasl }, data && data.length > 0 ? data.toString('base64') : ''));
  }

  private async onBindPhaseIq(iq: Element): Promise<void> {
    const type = attr(iq, 'type');
    const bind = iq.getChild('bind', NS.bind);
    if (type === 'set' && iq.getChild('session', NS.session)) return this.io.send(resultOf(iq, undefined));
    if (type !== 'set' || !bind) throw new StreamError('not-authorized', { text: 'bind a resource first' });
    const requested = bind.getChildText('resource');
    let resource: string;
    try {
      resource = requested ? normalizeResource(requested) : randomBytes(6).toString('hex');
    } catch {
      return this.io.send(errorOf(iq, new StanzaError('bad-request', { text: 'invalid resource' })));
    }
    const { core, limits } = this.deps;
    const host = this.host!;
    const full = jid(this.username!, host.domain, resource);
    const others = core.sessions.resourcesOf(full).filter((s) => s.jid.resource !== resource);
    if (others.length >= limits.maxSessionsPerUser)
      return this.io.send(
        errorOf(iq, new StanzaError('resource-constraint', { text: 'too many sessions for this account' })),
      );
    const session = new BoundSession(this.streamId, host, full, this.io.remoteAddress, this);
    const replaced = core.sessions.add(session);
    this.session = session;
    this.phase = 'bound';
    this.cancelNegotiationTimer();
    replaced?.close(
      new StreamError('conflict', { text: 'replaced by a new connection with the same resource' }),
    );
    this.io.send(resultOf(iq, xml('bind', { xmlns: NS.bind }, xml('jid', {}, formatJid(full)))));
    await core.hooks.fire('session/bound', { session });
  }

  private async onStanza(stanza: Element, session: BoundSession): Promise<void> {
    if (!STANZA_NAMES.has(stanza.name)) throw new StreamError('unsupported-stanza-type');
    const { core } = this.deps;
    core.metrics.stanzaIn(session.host.domain);
    this.noteActivity(session);
    const from = attr(stanza, 'from');
    if (
      from !== undefined &&
      from !== formatJid(session.jid) &&
      from !== `${session.username}@${session.host.domain}`
    )
      throw new StreamError('invalid-from');
    stanza.attrs.from = formatJid(session.jid);
    if (attr(stanza, 'xmlns') === NS.client) delete stanza.attrs.xmlns;
    if (stanza.name === 'iq') {
      const type = attr(stanza, 'type');
      if (attr(stanza, 'id') === undefined || !['get', 'set', 'result', 'error'].includes(type ?? ''))
        return session.send(
          errorOf(stanza, new StanzaError('bad-request', { text: 'an IQ needs an id and a valid type' })),
        );
      if (stanza.getChild('session', NS.session) && attr(stanza, 'to') === undefined)
        return session.send(resultOf(stanza, undefined));
    }
    await core.route(stanza, session);
  }

  private noteActivity(session: BoundSession): void {
    const now = this.deps.core.clock.nowMs();
    if (now - this.lastActivityWriteMs < ACTIVITY_WRITE_INTERVAL_MS) return;
    this.lastActivityWriteMs = now;
    this.deps.core.directory
      .recordActivity(session.host.id, session.username)
      .catch((error: unknown) =>
        this.deps.core.logger.warn({ err: error }, 'could not record XMPP activity'),
      );
  }

  private finish(): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.cancelNegotiationTimer();
    this.cancelRateTimer();
    const session = this.session;
    if (!session) return;
    const { core } = this.deps;
    core.sessions.remove(session);
    // The server's own requests to this session get no answer now: fail them at once.
    core.iqRequests.cancelFor(session);
    core.hooks
      .fire('session/closed', { session })
      .catch((error: unknown) => core.logger.error({ err: error }, 'session close handlers failed'));
  }
}

/** RFC 6120 §6.4.2: empty is `=`; anything else must be strict base64. */
function decodeSaslPayload(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '=') return Buffer.alloc(0);
  if (trimmed.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return undefined;
  return Buffer.from(trimmed, 'base64');
}
