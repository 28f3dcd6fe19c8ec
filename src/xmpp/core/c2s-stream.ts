/**
 * One client stream, whatever carries it: RFC 6120 negotiation (stream header, STARTTLS, SASL in
 * sasl-negotiation.ts, resource binding in resource-binding.ts) and then the bound session, which
 * hands stanzas to the router. Each phase carries the state it needs, so what a phase does not
 * have (a host before the first header, a session before binding) cannot be reached by mistake.
 *
 * A stream extension (stream-extension.ts, XEP-0198) gets the elements of its namespace once the
 * client is authenticated, watches the bound session's stanzas, and may keep the session when the
 * transport is lost (`detached`: in the router, its stanzas held by the watcher) until it closes
 * the stream or another stream adopts the session.
 *
 * Everything a client sends is handled strictly in order through one promise chain, because
 * several steps (host lookup, SASL, routing) are asynchronous. The chain is bounded: reading
 * pauses while too many stanzas wait, and a byte-rate bucket throttles floods.
 */
import { randomBytes } from 'node:crypto';
import { attr, NS, POST_AUTH_STANZA_BYTES, StreamError, xml, type Element } from '../stanza/index.js';
import { ByteRateLimiter } from './byte-rate-limiter.js';
import { acceptClientStanza, isStanza } from './client-stanza.js';
import { startClockTimer } from './clock-timer.js';
import type { HostRecord } from './ports.js';
import { bindResource, BoundSession } from './resource-binding.js';
import type { SaslAuthenticator, SaslContext } from './sasl.js';
import { SaslNegotiation, type SaslAnswer } from './sasl-negotiation.js';
import type { Session } from './session.js';
import type { StreamLink, StreamWatcher } from './stream-extension.js';
import type { StreamIo } from './stream-io.js';
import { streamFeatures } from './stream-features.js';
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

export interface C2sStreamDeps {
  core: XmppCore;
  sasl: SaslAuthenticator;
  limits: C2sLimits;
}

/** The host is known: STARTTLS and SASL, whose failures count for the whole stream. */
interface Authenticating {
  name: 'authenticating';
  host: HostRecord;
  sasl: SaslNegotiation;
  /** The client must open a new stream (after STARTTLS) before anything else. */
  isRestarting: boolean;
}

/** Authenticated as `username`: the resource to bind. */
interface Binding {
  name: 'binding';
  host: HostRecord;
  username: string;
  loggedInAtMs: number;
  /** The client must open a new stream (after SASL success) before anything else. */
  isRestarting: boolean;
}

/** A session: stanzas go to the router. */
interface Bound {
  name: 'bound';
  session: BoundSession;
  lastActivityWriteMs: number;
}

/** The transport is gone, but a stream extension keeps the session until it closes the stream. */
interface Detached {
  name: 'detached';
  session: BoundSession;
}

/** Where the stream is; `connected` has had no stream header yet, so it has no host. */
type Phase = { name: 'connected' } | Authenticating | Binding | Bound | Detached | { name: 'closed' };

export class C2sStream implements StreamLink {
  private phase: Phase = { name: 'connected' };
  private readonly streamId = randomBytes(12).toString('base64url');
  private isHeaderSent = false;
  private chain: Promise<void> = Promise.resolve();
  private queued = 0;
  private readonly pauses = new Set<'queue' | 'rate' | 'drain'>();
  private readonly limiter: ByteRateLimiter;
  private readonly cancelNegotiationTimer: () => void;
  private cancelRateTimer: () => void = () => {};
  private watcher: StreamWatcher | undefined;
  /** The session's close handlers (presence, last activity…), once the stream has closed. */
  private closeHandlers: Promise<unknown> = Promise.resolve();

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
    const { phase } = this;
    if (phase.name === 'bound' && this.watcher?.lost()) {
      this.phase = { name: 'detached', session: phase.session };
      this.cancelTimers();
      const { core } = this.deps;
      core.hooks
        .fire('session/detached', { session: phase.session })
        .catch((error: unknown) => core.logger.error({ err: error }, 'session detach handlers failed'));
      return;
    }
    this.finish();
  }

  get boundSession(): Session | undefined {
    return this.phase.name === 'bound' ? this.phase.session : undefined;
  }

  // ---- the link a stream extension gets -------------------------------------------------------

  get session(): Session | undefined {
    const { phase } = this;
    return phase.name === 'bound' || phase.name === 'detached' ? phase.session : undefined;
  }

  get host(): HostRecord {
    const host = this.hostOf(this.phase);
    if (!host) throw new Error('a stream extension asked for the host of an unauthenticated stream');
    return host;
  }

  get username(): string {
    const { phase } = this;
    if (phase.name === 'binding') return phase.username;
    if (phase.name === 'bound' || phase.name === 'detached') return phase.session.username;
    throw new Error('a stream extension asked for the account of an unauthenticated stream');
  }

  sendRaw(element: Element): void {
    if (this.phase.name === 'closed' || this.phase.name === 'detached') return;
    this.io.send(element);
  }

  watch(watcher: StreamWatcher): void {
    this.watcher = watcher;
  }

  adopt(session: Session): void {
    const { phase } = this;
    if (phase.name !== 'binding' || phase.isRestarting)
      throw new Error('only an authenticated stream without a session can adopt one');
    if (!(session instanceof BoundSession) || session.host.id !== phase.host.id)
      throw new Error('a stream can adopt only a session of its own account');
    if (session.username !== phase.username)
      throw new Error('a stream can adopt only a session of its own account');
    session.moveTo(this);
    this.phase = { name: 'bound', session, lastActivityWriteMs: phase.loggedInAtMs };
    this.cancelNegotiationTimer();
  }

  // ---- output ---------------------------------------------------------------------------------

  sendElement(element: Element): void {
    if (this.phase.name === 'closed') return;
    this.watcher?.outbound(element);
    // The watcher may have closed the stream (too much unacknowledged).
    if (this.phase.name === 'bound') this.io.send(element);
  }

  handOver(): void {
    const { phase } = this;
    if (phase.name !== 'bound' && phase.name !== 'detached') return;
    this.phase = { name: 'closed' };
    this.watcher = undefined;
    this.cancelTimers();
    if (phase.name === 'detached') return;
    this.io.send(
      new StreamError('conflict', { text: 'the session was resumed on another connection' })
        .toElement()
        .attr('xmlns:stream', NS.stream),
    );
    this.io.closeStream();
  }

  close(error?: StreamError): void {
    if (this.phase.name === 'closed') return;
    if (this.phase.name === 'detached') return this.finish();
    if (error) {
      this.ensureHeader();
      this.io.send(error.toElement().attr('xmlns:stream', NS.stream));
    }
    this.io.closeStream();
    this.finish();
  }

  /**
   * Server shutdown: reads nothing more, lets what was already read finish (a message being stored
   * or routed), then closes with `error` and waits for the session's close handlers. Resolves once
   * all of that is done; the transport goes on to close by itself.
   */
  async drain(error: StreamError): Promise<void> {
    if (this.phase.name === 'closed') return this.closeHandlers.then(() => undefined);
    this.pause('drain');
    await this.chain;
    this.close(error);
    await this.closeHandlers;
  }

  // ---- the negotiation ------------------------------------------------------------------------

  private enqueue(step: () => Promise<void>): void {
    if (this.phase.name === 'closed') return;
    this.queued++;
    if (this.queued > this.deps.limits.maxQueuedEvents) this.pause('queue');
    this.chain = this.chain
      .then(() => (this.phase.name === 'closed' ? undefined : step()))
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

  private pause(reason: 'queue' | 'rate' | 'drain'): void {
    if (this.pauses.size === 0) this.io.pause();
    this.pauses.add(reason);
  }

  private resume(reason: 'queue' | 'rate' | 'drain'): void {
    if (!this.pauses.delete(reason) || this.pauses.size > 0 || this.phase.name === 'closed') return;
    this.io.resume();
  }

  private hostOf(phase: Phase): HostRecord | undefined {
    switch (phase.name) {
      case 'authenticating':
      case 'binding':
        return phase.host;
      case 'bound':
      case 'detached':
        return phase.session.host;
      default:
        return undefined;
    }
  }

  private ensureHeader(domain?: string): void {
    if (this.isHeaderSent) return;
    this.isHeaderSent = true;
    const attrs: Record<string, string> = { id: this.streamId, version: '1.0', 'xml:lang': 'en' };
    const from = domain ?? this.hostOf(this.phase)?.domain;
    if (from) attrs.from = from;
    this.io.openStream(attrs);
  }

  private isAwaitingHeader(): boolean {
    const { phase } = this;
    return (
      phase.name === 'connected' ||
      ((phase.name === 'authenticating' || phase.name === 'binding') && phase.isRestarting)
    );
  }

  private async onStreamStart(attrs: Record<string, string>): Promise<void> {
    if (!this.isAwaitingHeader()) throw new StreamError('bad-format', { text: 'unexpected stream header' });
    const to = (attrs.to ?? '').toLowerCase();
    const host = to === '' ? null : await this.deps.core.hosts.find(to);
    if (!host || host.status === 'terminated') {
      this.ensureHeader();
      throw new StreamError('host-unknown', { text: 'this server does not serve that domain' });
    }
    const phase = this.phase as { name: 'connected' } | Authenticating | Binding;
    if (phase.name !== 'connected' && phase.host.id !== host.id) throw new StreamError('host-unknown');
    this.isHeaderSent = false;
    this.ensureHeader(host.domain);
    const version = attrs.version ?? '0.9';
    if (!/^1\.\d+$/.test(version))
      throw new StreamError('unsupported-version', { text: 'XMPP 1.0 is required' });
    if (phase.name === 'connected') {
      this.deps.core.metrics.connection(host.domain);
      const sasl = new SaslNegotiation(this.deps.sasl, this.deps.limits.maxAuthFailures);
      this.phase = { name: 'authenticating', host, sasl, isRestarting: false };
    } else {
      this.phase = { ...phase, host, isRestarting: false };
    }
    this.io.send(
      streamFeatures(this.phase.name === 'binding', this.io, {
        sasl: this.deps.sasl,
        saslContext: this.saslContext(host),
        postAuth: this.deps.core.disco.postAuthStreamFeatures(),
      }),
    );
  }

  private saslContext(host: HostRecord): SaslContext {
    return {
      host,
      remoteAddress: this.io.remoteAddress,
      isSecure: this.io.isSecure(),
      tls: this.io.tlsBindings(),
    };
  }

  private async onElement(element: Element): Promise<void> {
    const { phase } = this;
    if (phase.name === 'closed' || phase.name === 'detached') return;
    const xmlns = attr(element, 'xmlns');
    const isAuthenticated = phase.name === 'bound' || (phase.name === 'binding' && !phase.isRestarting);
    const extension = isAuthenticated ? this.deps.core.streamExtensions.find(xmlns) : undefined;
    if (extension) return extension.element(element, this);
    if (phase.name === 'bound') return this.onStanza(element, phase);
    if (phase.name === 'connected' || phase.isRestarting) throw new StreamError('not-authorized');
    if (element.name === 'starttls' && xmlns === NS.tls) return this.onStartTls(phase);
    if (phase.name === 'authenticating' && xmlns === NS.sasl) return this.onSasl(element, phase);
    if (phase.name === 'binding' && element.name === 'iq') return this.onBind(element, phase);
    if (this.io.canStartTls() && this.io.requiresTlsForAuth)
      throw new StreamError('policy-violation', { text: 'use STARTTLS first' });
    throw new StreamError('not-authorized');
  }

  private async onStartTls(phase: Authenticating | Binding): Promise<void> {
    if (!this.io.canStartTls())
      throw new StreamError('policy-violation', { text: 'TLS is already negotiated' });
    this.phase = { ...phase, isRestarting: true };
    this.isHeaderSent = false;
    await this.io.startTls(phase.host.domain, xml('proceed', { xmlns: NS.tls }));
  }

  private async onSasl(element: Element, phase: Authenticating): Promise<void> {
    const isEncryptionRequired = this.io.requiresTlsForAuth && !this.io.isSecure();
    const answer = await phase.sasl.handle(element, this.saslContext(phase.host), isEncryptionRequired);
    switch (answer.kind) {
      case 'challenge':
        return this.io.send(answer.reply);
      case 'failure':
        this.deps.core.metrics.login(phase.host.domain, 'failed');
        this.deps.core.observers.notify('login/attempted', {
          host: phase.host,
          username: answer.username,
          failure: answer.condition,
        });
        this.io.send(answer.reply);
        if (answer.isFinal)
          this.close(
            new StreamError('policy-violation', { text: 'too many failed authentication attempts' }),
          );
        return;
      case 'success':
        return this.onAuthenticated(phase.host, answer);
    }
  }

  private onAuthenticated(host: HostRecord, success: Extract<SaslAnswer, { kind: 'success' }>): void {
    const { core } = this.deps;
    const { username } = success;
    core.metrics.login(host.domain, 'ok');
    core.observers.notify('login/attempted', { host, username });
    core.directory
      .recordLogin(host.id, username)
      .catch((error: unknown) => core.logger.warn({ err: error }, 'could not record an XMPP login'));
    // recordLogin stamps the activity too, so the session's first stanzas need not.
    this.phase = { name: 'binding', host, username, loggedInAtMs: core.clock.nowMs(), isRestarting: true };
    this.isHeaderSent = false;
    this.io.resetParser(POST_AUTH_STANZA_BYTES);
    this.io.send(success.reply);
  }

  private async onBind(iq: Element, phase: Binding): Promise<void> {
    const { core, limits } = this.deps;
    const outcome = bindResource(iq, {
      host: phase.host,
      username: phase.username,
      streamId: this.streamId,
      remoteAddress: this.io.remoteAddress,
      boundAtMs: core.clock.nowMs(),
      stream: this,
      sessions: core.sessions,
      maxSessionsPerUser: limits.maxSessionsPerUser,
    });
    if (outcome.kind === 'answered') return this.io.send(outcome.reply);
    const { session } = outcome;
    this.phase = { name: 'bound', session, lastActivityWriteMs: phase.loggedInAtMs };
    this.cancelNegotiationTimer();
    outcome.replaced?.close(
      new StreamError('conflict', { text: 'replaced by a new connection with the same resource' }),
    );
    this.io.send(outcome.reply);
    await core.hooks.fire('session/bound', { session });
  }

  private async onStanza(stanza: Element, phase: Bound): Promise<void> {
    const { core } = this.deps;
    const { session } = phase;
    if (!isStanza(stanza)) throw new StreamError('unsupported-stanza-type');
    this.watcher?.inbound();
    core.metrics.stanzaIn(session.host.domain);
    this.noteActivity(phase);
    const reply = acceptClientStanza(stanza, session);
    if (reply) return session.send(reply);
    await core.route(stanza, session);
  }

  private noteActivity(phase: Bound): void {
    const now = this.deps.core.clock.nowMs();
    if (now - phase.lastActivityWriteMs < ACTIVITY_WRITE_INTERVAL_MS) return;
    phase.lastActivityWriteMs = now;
    const { session } = phase;
    this.deps.core.directory
      .recordActivity(session.host.id, session.username)
      .catch((error: unknown) =>
        this.deps.core.logger.warn({ err: error }, 'could not record XMPP activity'),
      );
  }

  private cancelTimers(): void {
    this.cancelNegotiationTimer();
    this.cancelRateTimer();
  }

  private finish(): void {
    const { phase } = this;
    if (phase.name === 'closed') return;
    this.phase = { name: 'closed' };
    this.cancelTimers();
    if (phase.name !== 'bound' && phase.name !== 'detached') return;
    const { session } = phase;
    const { core } = this.deps;
    core.sessions.remove(session);
    // The server's own requests to this session get no answer now: fail them at once.
    core.iqRequests.cancelFor(session);
    const { watcher } = this;
    this.watcher = undefined;
    watcher?.ended();
    this.closeHandlers = core.hooks
      .fire('session/closed', { session })
      .catch((error: unknown) => core.logger.error({ err: error }, 'session close handlers failed'));
  }
}
