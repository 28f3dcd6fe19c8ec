/**
 * XEP-0198 stream management: acknowledgements both ways, so neither side loses a stanza to a
 * connection that dies silently, and resumption, so a phone that changes networks gets its session
 * (resource, presence, and every stanza it missed) back without a new login.
 *
 * The module is a stream extension (core/stream-extension.ts): it counts what each stream carries,
 * keeps what the client has not acknowledged, asks for acknowledgements after a few stanzas or a
 * short while, and keeps a resumable session when its transport is lost, until the client resumes
 * it on a new stream or the timeout ends it as a closed connection would (undelivered.ts).
 */
import { randomBytes } from 'node:crypto';
import { StreamError, xml, type Element } from '../../stanza/index.js';
import {
  defineModule,
  option,
  startClockTimer,
  type Session,
  type StreamLink,
  type StreamWatcher,
} from '../../core/index.js';
import {
  ackAnswer,
  ackRequest,
  enabledElement,
  failedElement,
  handledCountTooHigh,
  parseSmRequest,
  resumedElement,
  SM,
  type SmRequest,
} from './sm-codec.js';
import { handUndelivered } from './undelivered.js';
import { UnackedQueue, wrapCounter } from './unacked-queue.js';

/** A managed session, which outlives its stream when it is resumable. */
interface Managed {
  /** Set when resumable: what the client resumes with. */
  id: string | undefined;
  session: Session;
  link: StreamLink;
  maxSeconds: number;
  /** Stanzas received from the client (§4 `h`). */
  handled: number;
  queue: UnackedQueue;
  isDetached: boolean;
  isRequestPending: boolean;
  cancelRequestTimer: () => void;
  cancelResumeTimer: () => void;
}

const none = () => {};

export const streamManagementModule = defineModule({
  name: 'stream-management',
  implements: [
    {
      spec: 'XEP-0198',
      version: '1.6.1',
      note: 'acknowledgements and resumption over TCP and WebSocket; unacknowledged messages of a session that ends go to other resources or offline storage',
    },
  ],
  options: {
    resumeTimeoutSeconds: option.integer({
      default: 300,
      min: 10,
      max: 3600,
      description:
        'How long a session whose connection was lost waits to be resumed, in seconds (a client may ask for less); then it ends and its unacknowledged messages go to offline storage.',
    }),
    requestAfterStanzas: option.integer({
      default: 5,
      min: 1,
      max: 1000,
      description: 'The server asks for an acknowledgement once this many stanzas are unacknowledged.',
    }),
    requestDelayMs: option.integer({
      default: 5000,
      min: 100,
      max: 600_000,
      description: 'It also asks once a stanza has waited this long unacknowledged, in milliseconds.',
    }),
    maxUnacked: option.integer({
      default: 500,
      min: 10,
      max: 10_000,
      description:
        'Most unacknowledged stanzas kept per session; past it the stream is closed (resource-constraint) and they are handed on as at a timeout.',
    }),
  },
  setup(ctx) {
    const { clock, options } = ctx;
    const bySession = new WeakMap<Session, Managed>();
    const resumable = new Map<string, Managed>();
    ctx.streamFeature(xml('sm', { xmlns: SM }));

    ctx.streamExtension({
      xmlns: SM,
      async element(element, link) {
        const request = parseSmRequest(element);
        if (!request) {
          if (element.name === 'enable' || element.name === 'resume')
            return link.sendRaw(failedElement('bad-request'));
          throw new StreamError('bad-format', { text: `a malformed or unknown <${element.name}/>` });
        }
        const managed = link.session ? bySession.get(link.session) : undefined;
        if (request.kind === 'enable') return enable(request, link, managed);
        if (request.kind === 'resume') return resume(request, link);
        if (!managed) return link.sendRaw(failedElement('unexpected-request'));
        if (request.kind === 'request') return link.sendRaw(ackAnswer(managed.handled));
        acknowledge(managed, request.h);
      },
    });

    function enable(request: Extract<SmRequest, { kind: 'enable' }>, link: StreamLink, managed?: Managed) {
      const { session } = link;
      // Before binding there is nothing to manage; enabling twice is a mistake (§3).
      if (!session || managed) return link.sendRaw(failedElement('unexpected-request'));
      const id = request.isResumeWanted ? randomBytes(18).toString('base64url') : undefined;
      const maxSeconds = Math.min(request.maxSeconds ?? Infinity, options.resumeTimeoutSeconds);
      const state: Managed = {
        id,
        session,
        link,
        maxSeconds: Math.max(maxSeconds, 1),
        handled: 0,
        queue: new UnackedQueue(),
        isDetached: false,
        isRequestPending: false,
        cancelRequestTimer: none,
        cancelResumeTimer: none,
      };
      bySession.set(session, state);
      if (id) resumable.set(id, state);
      link.watch(watcherOf(state));
      link.sendRaw(enabledElement(id, state.maxSeconds));
    }

    async function resume(request: Extract<SmRequest, { kind: 'resume' }>, link: StreamLink) {
      if (link.session) return link.sendRaw(failedElement('unexpected-request'));
      const state = resumable.get(request.previd);
      // Another account's session looks exactly like one that does not exist.
      if (!state || state.session.host.id !== link.host.id || state.session.username !== link.username)
        return link.sendRaw(failedElement('item-not-found'));
      if (!state.queue.acknowledge(request.h)) throw handledCountTooHigh(request.h, state.queue.sent);
      state.cancelResumeTimer();
      state.cancelRequestTimer();
      link.adopt(state.session);
      state.link = link;
      state.isDetached = false;
      state.isRequestPending = false;
      link.watch(watcherOf(state));
      link.sendRaw(resumedElement(request.previd, state.handled));
      for (const stanza of state.queue.takeAll()) state.session.send(stanza);
    }

    function acknowledge(state: Managed, h: number): void {
      if (!state.queue.acknowledge(h)) throw handledCountTooHigh(h, state.queue.sent);
      state.isRequestPending = false;
      state.cancelRequestTimer();
      state.cancelRequestTimer = none;
      if (state.queue.size > 0) scheduleRequest(state);
    }

    function requestAck(state: Managed): void {
      state.cancelRequestTimer();
      state.cancelRequestTimer = none;
      if (state.isDetached || state.isRequestPending) return;
      state.isRequestPending = true;
      state.link.sendRaw(ackRequest());
    }

    function scheduleRequest(state: Managed): void {
      if (state.isDetached || state.isRequestPending) return;
      if (state.queue.size >= options.requestAfterStanzas) return requestAck(state);
      if (state.cancelRequestTimer === none)
        state.cancelRequestTimer = startClockTimer(clock, options.requestDelayMs, () => requestAck(state));
    }

    function watcherOf(state: Managed): StreamWatcher {
      return {
        inbound: () => {
          state.handled = wrapCounter(state.handled + 1);
        },
        outbound: (stanza: Element) => {
          state.queue.push(stanza);
          if (state.queue.size > options.maxUnacked)
            return state.link.close(
              new StreamError('resource-constraint', { text: 'too many unacknowledged stanzas' }),
            );
          scheduleRequest(state);
        },
        lost: () => {
          if (state.id === undefined) return false;
          state.isDetached = true;
          state.cancelRequestTimer();
          state.cancelRequestTimer = none;
          state.cancelResumeTimer = startClockTimer(clock, state.maxSeconds * 1000, () => state.link.close());
          return true;
        },
        ended: () => {
          state.cancelRequestTimer();
          state.cancelResumeTimer();
          if (state.id !== undefined) resumable.delete(state.id);
          bySession.delete(state.session);
          handUndelivered(ctx, state.session, state.queue.takeAll()).catch((error: unknown) =>
            ctx.logger.error({ err: error }, 'could not hand on unacknowledged stanzas'),
          );
        },
      };
    }

    ctx.onUnload(() => {
      for (const state of resumable.values()) if (state.isDetached) state.link.close();
    });
  },
});
