/**
 * What happens to the stanzas a client never acknowledged when its session ends (XEP-0198 §4):
 * nothing is lost and nothing is copied twice. A message goes to the account's other available
 * resources, or to offline storage when there are none; an IQ request is answered with an error;
 * presence is dropped (it is state, and the state is gone with the session). They are delivered,
 * never routed again, so the archive does not record them twice and carbons do not copy them
 * twice. Carbon copies and error or group chat messages are dropped: the original is elsewhere,
 * or there is nothing to keep.
 */
import { CARBONS_NS } from './sm-codec.js';
import { attr, bareOf, errorReply, StanzaError, tryParseJid, type Element } from '../../stanza/index.js';
import { messageRecipients, type ModuleContext, type Session } from '../../core/index.js';

type Delivery = Pick<ModuleContext, 'sessions' | 'deliver' | 'fire' | 'route'>;

export async function handUndelivered(ctx: Delivery, session: Session, stanzas: Element[]): Promise<void> {
  for (const stanza of stanzas) {
    const type = attr(stanza, 'type');
    if (stanza.name === 'iq' && (type === 'get' || type === 'set'))
      await ctx.route(errorReply(stanza, new StanzaError('recipient-unavailable')));
    else if (stanza.name === 'message' && isKept(stanza)) await handMessage(ctx, session, stanza);
  }
}

function isKept(message: Element): boolean {
  const type = attr(message, 'type') ?? 'normal';
  if (type === 'error' || type === 'groupchat') return false;
  return !message.getChild('sent', CARBONS_NS) && !message.getChild('received', CARBONS_NS);
}

async function handMessage(ctx: Delivery, session: Session, message: Element): Promise<void> {
  const account = bareOf(session.jid);
  const others = messageRecipients(ctx.sessions, account);
  if (others.length > 0) {
    for (const other of others) ctx.deliver(other, message);
    return;
  }
  const from = tryParseJid(attr(message, 'from') ?? '');
  if (!from) return;
  try {
    const isStored = await ctx.fire('message/offline', {
      stanza: message,
      from,
      to: account,
      host: session.host,
    });
    if (!isStored) throw new StanzaError('recipient-unavailable');
  } catch (error) {
    if (!(error instanceof StanzaError)) throw error;
    await ctx.route(errorReply(message, error));
  }
}
