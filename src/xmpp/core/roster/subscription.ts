/**
 * The RFC 6121 subscription state machine (Appendix A), as pure functions over one roster item.
 * "Outbound" is a presence subscription stanza the user sends about a contact; "inbound" is one the
 * contact sends to the user. Each returns the new item state and what the server must do.
 */
export type Subscription = 'none' | 'to' | 'from' | 'both';
export type SubscriptionType = 'subscribe' | 'subscribed' | 'unsubscribe' | 'unsubscribed';

export interface SubscriptionState {
  subscription: Subscription;
  /** The user asked to see the contact's presence and awaits an answer ("pending out"). */
  askOut: boolean;
  /** The contact asked to see the user's presence and awaits an answer ("pending in"). */
  pendingIn: boolean;
  /** The user approved the contact's future request in advance (RFC 6121 §3.4). */
  preapproved: boolean;
}

export interface Transition {
  state: SubscriptionState;
  /** The state changed in a way the user's roster shows (push and bump the version). */
  changed: boolean;
  /** Forward/deliver the stanza to the other party. */
  forward: boolean;
  /** Inbound subscribe already allowed: answer `subscribed` for the user (§3.1.3). */
  autoReply?: 'subscribed';
}

export const emptyState: SubscriptionState = {
  subscription: 'none',
  askOut: false,
  pendingIn: false,
  preapproved: false,
};

const hasTo = (s: Subscription) => s === 'to' || s === 'both';
const hasFrom = (s: Subscription) => s === 'from' || s === 'both';
const withTo = (s: Subscription, on: boolean): Subscription =>
  on ? (hasFrom(s) ? 'both' : 'to') : hasFrom(s) ? 'from' : 'none';
const withFrom = (s: Subscription, on: boolean): Subscription =>
  on ? (hasTo(s) ? 'both' : 'from') : hasTo(s) ? 'to' : 'none';

function same(a: SubscriptionState, b: SubscriptionState): boolean {
  return (
    a.subscription === b.subscription &&
    a.askOut === b.askOut &&
    a.pendingIn === b.pendingIn &&
    a.preapproved === b.preapproved
  );
}

function result(
  before: SubscriptionState,
  state: SubscriptionState,
  forward: boolean,
  autoReply?: 'subscribed',
): Transition {
  return { state, changed: !same(before, state), forward, ...(autoReply ? { autoReply } : {}) };
}

export function outbound(type: SubscriptionType, s: SubscriptionState): Transition {
  switch (type) {
    case 'subscribe':
      if (hasTo(s.subscription)) return result(s, s, true);
      return result(s, { ...s, askOut: true }, true);
    case 'unsubscribe':
      return result(s, { ...s, subscription: withTo(s.subscription, false), askOut: false }, true);
    case 'subscribed':
      if (s.pendingIn)
        return result(s, { ...s, subscription: withFrom(s.subscription, true), pendingIn: false }, true);
      if (hasFrom(s.subscription)) return result(s, s, false);
      return result(s, { ...s, preapproved: true }, false);
    case 'unsubscribed':
      return result(
        s,
        { ...s, subscription: withFrom(s.subscription, false), pendingIn: false, preapproved: false },
        hasFrom(s.subscription) || s.pendingIn,
      );
  }
}

export function inbound(type: SubscriptionType, s: SubscriptionState): Transition {
  switch (type) {
    case 'subscribe':
      if (hasFrom(s.subscription)) return result(s, s, false, 'subscribed');
      if (s.preapproved)
        return result(
          s,
          { ...s, subscription: withFrom(s.subscription, true), preapproved: false },
          false,
          'subscribed',
        );
      return result(s, { ...s, pendingIn: true }, true);
    case 'unsubscribe':
      if (!hasFrom(s.subscription) && !s.pendingIn) return result(s, s, false);
      return result(s, { ...s, subscription: withFrom(s.subscription, false), pendingIn: false }, true);
    case 'subscribed':
      if (!s.askOut || hasTo(s.subscription)) return result(s, s, false);
      return result(s, { ...s, subscription: withTo(s.subscription, true), askOut: false }, true);
    case 'unsubscribed':
      if (!hasTo(s.subscription) && !s.askOut) return result(s, s, false);
      return result(s, { ...s, subscription: withTo(s.subscription, false), askOut: false }, true);
  }
}

export function isSubscriptionType(type: string | undefined): type is SubscriptionType {
  return type === 'subscribe' || type === 'subscribed' || type === 'unsubscribe' || type === 'unsubscribed';
}

/** The contact receives the user's presence. */
export function sharesPresenceWith(s: Subscription): boolean {
  return hasFrom(s);
}

/** The user receives the contact's presence. */
export function seesPresenceOf(s: Subscription): boolean {
  return hasTo(s);
}
