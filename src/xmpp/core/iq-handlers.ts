/**
 * IQ handlers return their answer: the result payload (or nothing for an empty result) or a thrown
 * StanzaError. The registry builds the reply, so a handler cannot forget to answer, and an IQ that
 * no handler claims gets `service-unavailable` (RFC 6120 §8.4).
 */
import { attr, Element, sameBare, StanzaError, xml } from '../stanza/index.js';
import { serviceFeatures } from './disco-registry.js';
import type { RouteContext } from './events.js';
import type { Session } from './session.js';

/** `host`: addressed to the server's domain; `account`: to a user's bare JID (handled on their behalf). */
export type IqTarget = 'host' | 'account';

export interface IqSpec {
  target: IqTarget;
  type: 'get' | 'set';
  xmlns: string;
  name: string;
}

export interface IqRequest extends RouteContext {
  payload: Element;
}

export type IqHandler = (request: IqRequest) => Promise<Element | void> | Element | void;

function keyOf(spec: IqSpec): string {
  return `${spec.target}|${spec.type}|${spec.xmlns}|${spec.name}`;
}

export class IqHandlers {
  private readonly handlers = new Map<string, IqHandler>();

  register(spec: IqSpec, handler: IqHandler): () => void {
    const key = keyOf(spec);
    if (this.handlers.has(key)) throw new Error(`two handlers for IQ ${key}`);
    this.handlers.set(key, handler);
    return () => this.handlers.delete(key);
  }

  /** The reply to a get/set IQ, success or error. */
  async answer(target: IqTarget, ctx: RouteContext): Promise<Element> {
    const { stanza } = ctx;
    const type = attr(stanza, 'type');
    const payload = stanza.children.find((c): c is Element => c instanceof Element);
    try {
      if (!payload || (type !== 'get' && type !== 'set')) throw new StanzaError('bad-request');
      const xmlns = payload.attrs.xmlns as string;
      const handler = this.handlers.get(keyOf({ target, type, xmlns, name: payload.name }));
      // A service's address answers what its disco#info announces, not everything the host does.
      if (!handler || (ctx.service && !serviceFeatures(ctx.service).includes(xmlns)))
        throw new StanzaError('service-unavailable');
      const result = await handler({ ...ctx, payload });
      return resultOf(stanza, result ?? undefined);
    } catch (error) {
      if (error instanceof StanzaError) return errorOf(stanza, error);
      throw error;
    }
  }
}

function replyAttrs(stanza: Element): Record<string, string> {
  const attrs: Record<string, string> = { id: attr(stanza, 'id') ?? '' };
  const from = attr(stanza, 'from');
  const to = attr(stanza, 'to');
  if (from) attrs.to = from;
  if (to) attrs.from = to;
  return attrs;
}

export function resultOf(stanza: Element, payload: Element | undefined): Element {
  return xml('iq', { ...replyAttrs(stanza), type: 'result' }, ...(payload ? [payload] : []));
}

export function errorOf(stanza: Element, error: StanzaError): Element {
  return xml('iq', { ...replyAttrs(stanza), type: 'error' }, error.toElement());
}

/** The session behind a request about the sender's own account; anyone else's is `forbidden`. */
export function ownSession(request: IqRequest): Session {
  if (!request.origin || !sameBare(request.origin.jid, request.to)) throw new StanzaError('forbidden');
  return request.origin;
}
