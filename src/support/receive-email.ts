/**
 * Threads an emailed reply into its ticket. The ticket is found by the signed plus-address the mail
 * was sent to, else by our thread id in In-Reply-To/References, else by the `[tkt_…]` subject tag.
 * The sender must be the ticket's requester (the mail is otherwise dropped, not bounced, so forged
 * senders get no backscatter), automated mail is ignored, a Message-ID already threaded is not added
 * twice, and each ticket accepts at most IMHOST_SUPPORT_EMAIL_REPLIES_PER_HOUR emailed replies per hour.
 */
import { simpleParser, type AddressObject } from 'mailparser';
import { isAppError } from '../lib/errors.js';
import { isAutomatedMail } from './mail-loops.js';
import { countEmailMessagesSince, hasEmailMessage } from './messages.repository.js';
import { readReplyAddress, ticketIdFromReferences } from './reply-address.js';
import { addCustomerReply } from './reply-to-ticket.js';
import { stripQuotedText } from './strip-quoted-text.js';
import { HOUR_MS, isoAgo, type SupportDeps } from './support-deps.js';
import { findTicket, type TicketRow } from './tickets.repository.js';
import type { Upload } from './uploads.js';

export type InboundOutcome =
  | { outcome: 'threaded'; ticketId: string }
  | {
      outcome: 'ignored';
      reason: 'automated' | 'no_ticket' | 'sender_mismatch' | 'duplicate' | 'rate_limited' | 'empty';
    };

function addressesOf(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.flatMap((item) => item.value.map((entry) => entry.address ?? '')).filter(Boolean);
}

async function followMerges(
  deps: Pick<SupportDeps, 'db'>,
  ticket: TicketRow | undefined,
): Promise<TicketRow | undefined> {
  let current = ticket;
  for (let hops = 0; current?.merged_into_id && hops < 5; hops++) {
    current = await findTicket(
      deps.db,
      { kind: 'customer', customerId: current.customer_id },
      current.merged_into_id,
    );
  }
  return current;
}

export async function receiveEmail(
  deps: SupportDeps,
  raw: Buffer,
  envelopeRecipients: string[],
): Promise<InboundOutcome> {
  const mail = await simpleParser(raw, { skipHtmlToText: false, skipTextToHtml: true, skipImageLinks: true });
  const from = mail.from?.value[0]?.address?.toLowerCase() ?? null;
  if (isAutomatedMail(mail.headers as Map<string, unknown>, from))
    return { outcome: 'ignored', reason: 'automated' };

  const key = await deps.replyKey();
  const recipients = [...envelopeRecipients, ...addressesOf(mail.to), ...addressesOf(mail.cc)];
  let ticketId: string | null = null;
  for (const recipient of recipients) {
    const check = readReplyAddress(key, deps.supportAddress, recipient);
    if (check.kind === 'ticket') {
      ticketId = check.ticketId;
      break;
    }
  }
  if (ticketId === null) {
    const references = typeof mail.references === 'string' ? [mail.references] : (mail.references ?? []);
    ticketId = ticketIdFromReferences(deps.supportAddress, [
      ...(mail.inReplyTo ? [mail.inReplyTo] : []),
      ...references,
    ]);
  }
  // Last resort, as osTicket does: the ticket tag we put in every subject. Still bound to the requester below.
  ticketId ??= /\[(tkt_[0-9a-z]{26})\]/.exec(mail.subject?.toLowerCase() ?? '')?.[1] ?? null;
  if (ticketId === null) return { outcome: 'ignored', reason: 'no_ticket' };
  const ticket = await followMerges(deps, await findTicket(deps.db, { kind: 'all' }, ticketId));
  if (!ticket) return { outcome: 'ignored', reason: 'no_ticket' };
  if (from !== ticket.requester_email.toLowerCase()) return { outcome: 'ignored', reason: 'sender_mismatch' };

  const messageId = mail.messageId ?? null;
  if (messageId && (await hasEmailMessage(deps.db, ticket.customer_id, ticket.id, messageId)))
    return { outcome: 'ignored', reason: 'duplicate' };
  const recent = await countEmailMessagesSince(deps.db, ticket.customer_id, ticket.id, isoAgo(deps, HOUR_MS));
  if (recent >= deps.config.supportEmailRepliesPerHour) return { outcome: 'ignored', reason: 'rate_limited' };

  const body = stripQuotedText(mail.text ?? '');
  const files: Upload[] = mail.attachments
    .filter(
      (attachment) =>
        attachment.contentDisposition !== 'inline' || attachment.contentType.startsWith('image/'),
    )
    .map((attachment) => ({ fileName: attachment.filename ?? 'attachment', data: attachment.content }));
  if (body === '' && files.length === 0) return { outcome: 'ignored', reason: 'empty' };

  const author = {
    userId: ticket.requester_user_id,
    name: mail.from?.value[0]?.name || ticket.requester_name,
  };
  const inbound = { source: 'email', emailMessageId: messageId } as const;
  const text = body === '' ? '(attachments only)' : body;
  try {
    await addCustomerReply(deps, ticket, author, { body: text }, files, inbound);
  } catch (error) {
    // Files we cannot take (type, size) must not cost the customer their words: keep the text, say
    // what was dropped. Nothing is bounced, so no mail loop can start from here.
    if (!isAppError(error) || files.length === 0) throw error;
    deps.logger.warn({ ticketId: ticket.id, code: error.code }, 'attachments of an emailed reply refused');
    const note = `\n\n(${files.length} attachment${files.length === 1 ? ' was' : 's were'} not accepted: ${error.message} Upload files in the dashboard.)`;
    await addCustomerReply(deps, ticket, author, { body: `${text}${note}` }, [], inbound);
  }
  return { outcome: 'threaded', ticketId: ticket.id };
}
