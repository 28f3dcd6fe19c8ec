/**
 * The inbound SMTP listener for emailed replies (IMHOST_SUPPORT_INBOUND_SMTP_PORT; off unless set).
 * It accepts mail only for the desk address and its signed plus-addresses: a forged token is refused
 * with 550 at RCPT, before any data is read. The SMTP transaction completes only after the reply is
 * stored, so a sender that gets "250" knows the reply is in the ticket. Mail that is dropped on
 * purpose (automated, wrong sender, rate limit) is still answered 250, so it bounces nowhere.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { InboundOutcome } from './receive-email.js';
import { readReplyAddress } from './reply-address.js';
import type { SupportDeps } from './support-deps.js';

export interface InboundListener {
  listen(port: number, host: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

/** A reply goes to one desk address; more recipients, or many parallel connections, are not replies. */
const MAX_RECIPIENTS = 5;
const MAX_CLIENTS = 50;

class SmtpReplyError extends Error {
  constructor(
    message: string,
    readonly responseCode: number,
  ) {
    super(message);
  }
}

export function createInboundListener(
  deps: Pick<SupportDeps, 'config' | 'logger' | 'supportAddress' | 'replyKey'>,
  receive: (raw: Buffer, recipients: string[]) => Promise<InboundOutcome>,
): InboundListener {
  const maxBytes = deps.config.supportMaxTicketBytes * 2;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    banner: 'imhost support',
    size: maxBytes,
    maxClients: MAX_CLIENTS,
    maxRecipients: MAX_RECIPIENTS,
    logger: false,
    onRcptTo(address, _session, callback) {
      deps.replyKey().then(
        (key) => {
          const check = readReplyAddress(key, deps.supportAddress, address.address);
          if (check.kind === 'bad_token')
            return callback(new SmtpReplyError('This reply address is not valid', 550));
          if (check.kind === 'foreign') return callback(new SmtpReplyError('No such mailbox here', 550));
          callback();
        },
        (error: unknown) => callback(error as Error),
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        if ((stream as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(new SmtpReplyError('Message too large', 552));
          return;
        }
        const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address);
        receive(Buffer.concat(chunks), recipients).then(
          (result) => {
            deps.logger.info({ ...result, recipients }, 'inbound support mail');
            callback();
          },
          (error: unknown) => {
            deps.logger.error({ err: error }, 'inbound support mail failed');
            callback(new SmtpReplyError('Temporary failure, try again later', 451));
          },
        );
      });
    },
  });
  server.on('error', (error) => deps.logger.error({ err: error }, 'inbound SMTP error'));

  return {
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(port, host, () => {
          server.server.off('error', reject);
          resolve(server.server.address() as AddressInfo);
        });
      });
    },
    close() {
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
