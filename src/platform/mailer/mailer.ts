/**
 * The mailer. `send` always stores the message in the outbox first. Without `IMHOST_SMTP_URL` it
 * stays there (status 'stored'), readable by staff, which is how development and tests read
 * verification links. With SMTP configured the message is 'queued' together with a `mail.deliver`
 * job in the same transaction, and the job sends it through nodemailer, marking it 'sent', or
 * retrying with backoff until it is 'failed'. The SMTP Message-ID is derived from our outbox id, so
 * a delivery repeated after a lost lease is recognisable as the same message.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { Logger } from 'pino';
import type { Clock } from '../../lib/clock.js';
import type { PlatformConfig } from '../platform-options.js';
import { scopedDb, type AnyDb, type PlatformDb, type PlatformTables } from '../db/index.js';
import type { JobContext, JobScheduler } from '../jobs/scheduler.js';
import type { IdSource } from '../../lib/ids.js';
import { toPage, type Page, type PageQuery } from '../page.js';
import type { OutboxMessage, OutboxStatus } from '../views.js';
import { headerName, headerText } from './header-text.js';
import {
  findOutboxMessage,
  insertOutboxMessage,
  insertOutboxMessages,
  listOutboxMessages,
  markOutboxAttemptFailed,
  markOutboxSent,
  type OutboxRow,
} from './outbox.repository.js';

export interface OutgoingMail {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

export type { OutboxMessage, OutboxStatus };

export interface Mailer {
  /** Pass `tx` to store the message in the caller's transaction (it then exists only if that commits). */
  send(mail: OutgoingMail, options?: { tx?: AnyDb }): Promise<OutboxMessage>;
  /** send for many messages at once (a renewal run's invoices), in a few statements. */
  sendMany(mails: readonly OutgoingMail[], options: { tx: AnyDb }): Promise<void>;
  /** Newest first. */
  list(query: PageQuery): Promise<Page<OutboxMessage>>;
}

export const DELIVER_JOB = 'mail.deliver';

type SmtpTransporter = Transporter<SMTPTransport.SentMessageInfo, SMTPTransport.Options>;

/** nodemailer's defaults wait minutes; a stuck server should fail the attempt well within its lease. */
const smtpTimeouts: SMTPTransport.Options = {
  connectionTimeout: 30_000,
  greetingTimeout: 30_000,
  socketTimeout: 60_000,
};

function toMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    createdAt: row.created_at,
    recipients: JSON.parse(row.recipients) as string[],
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    headers: row.headers === null ? null : (JSON.parse(row.headers) as Record<string, string>),
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    sentAt: row.sent_at,
    messageId: row.message_id,
  };
}

/** The domain of the From address names our Message-IDs, as RFC 5322 suggests. */
export function messageIdFor(outboxId: string, mailFrom: string): string {
  const domain = /@([^\s>]+)>?\s*$/.exec(mailFrom)?.[1] ?? 'imhost.invalid';
  return `<${outboxId}@${domain}>`;
}

export interface MailerDeps {
  config: Pick<PlatformConfig, 'smtpUrl' | 'mailFrom'>;
  clock: Clock;
  db: PlatformDb;
  jobs: JobScheduler;
  logger: Logger;
  nextId: IdSource;
}

export function createMailer(deps: MailerDeps): Mailer & { close(): void } {
  const { config, clock, db, jobs, logger } = deps;
  let transport: SmtpTransporter | undefined;

  function smtp(smtpUrl: string): SmtpTransporter {
    transport ??= nodemailer.createTransport(smtpUrl, smtpTimeouts);
    return transport;
  }

  async function deliver(payload: { outboxId: string }, job: JobContext): Promise<void> {
    const row = await findOutboxMessage(db, payload.outboxId);
    if (!row || row.status === 'sent') return;
    try {
      if (!config.smtpUrl) throw new Error('IMHOST_SMTP_URL is not set in the process running jobs');
      const info = await smtp(config.smtpUrl).sendMail({
        from: headerText(config.mailFrom),
        to: JSON.parse(row.recipients) as string[],
        subject: row.subject,
        text: row.text_body,
        ...(row.html_body === null ? {} : { html: row.html_body }),
        ...(row.headers === null ? {} : { headers: JSON.parse(row.headers) as Record<string, string> }),
        messageId: messageIdFor(row.id, config.mailFrom),
      });
      if (info.rejected.length > 0) {
        logger.warn({ outboxId: row.id, rejected: info.rejected }, 'some recipients were refused');
      }
      await markOutboxSent(db, { id: row.id, messageId: info.messageId, now: clock.now().toISOString() });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await markOutboxAttemptFailed(db, {
        id: row.id,
        error: message.slice(0, 2000),
        isFinal: job.attempt >= job.maxAttempts,
      });
      throw error;
    }
  }

  jobs.define(DELIVER_JOB, deliver, { maxAttempts: 8, backoff: { baseSeconds: 60, maxSeconds: 3600 } });

  /** Every header is cleaned when stored, so the outbox shows exactly what is sent. */
  function toRow(mail: OutgoingMail): OutboxRow {
    const recipients = (Array.isArray(mail.to) ? mail.to : [mail.to]).map(headerText);
    if (recipients.length === 0) throw new Error('a message needs at least one recipient');
    const headers =
      mail.headers &&
      Object.fromEntries(
        Object.entries(mail.headers).map(([name, value]) => [headerName(name), headerText(value)]),
      );
    return {
      id: deps.nextId('msg'),
      created_at: clock.now().toISOString(),
      recipients: JSON.stringify(recipients),
      subject: headerText(mail.subject),
      text_body: mail.text,
      html_body: mail.html ?? null,
      headers: headers ? JSON.stringify(headers) : null,
      status: config.smtpUrl ? 'queued' : 'stored',
      attempts: 0,
      last_error: null,
      sent_at: null,
      message_id: null,
    };
  }

  async function store(tx: PlatformDb, mail: OutgoingMail): Promise<OutboxRow> {
    const row = toRow(mail);
    await insertOutboxMessage(tx, row);
    if (row.status === 'queued') {
      await jobs.enqueue(DELIVER_JOB, { outboxId: row.id }, { dedupeKey: `${DELIVER_JOB}:${row.id}`, tx });
    }
    return row;
  }

  return {
    async send(mail, options = {}) {
      const row = options.tx
        ? await store(scopedDb<PlatformTables>(options.tx), mail)
        : await db.transaction().execute((tx) => store(tx, mail));
      return toMessage(row);
    },
    async sendMany(mails, options) {
      const rows = mails.map(toRow);
      await insertOutboxMessages(scopedDb<PlatformTables>(options.tx), rows);
      const queued = rows.filter((row) => row.status === 'queued');
      await jobs.enqueueMany(
        DELIVER_JOB,
        queued.map((row) => ({ payload: { outboxId: row.id }, dedupeKey: `${DELIVER_JOB}:${row.id}` })),
        { tx: options.tx },
      );
    },
    async list(query) {
      const rows = await listOutboxMessages(db, { limit: query.limit + 1, before: query.before });
      return toPage(rows, query.limit, toMessage);
    },
    close() {
      transport?.close();
      transport = undefined;
    },
  };
}
