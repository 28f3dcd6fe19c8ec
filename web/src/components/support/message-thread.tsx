import type { TicketAttachment, TicketMessage } from '../../api/views';
import { DateTime } from '../date-time';
import { formatBytes } from './file-size';
import { SafeHtml } from './safe-html';

/** What a ticket's attachments already take of its size limit. */
export function attachmentBytes(messages: TicketMessage[]): number {
  return messages.reduce(
    (sum, message) => sum + message.attachments.reduce((total, file) => total + file.sizeBytes, 0),
    0,
  );
}

/** A ticket's conversation, oldest first. Internal notes only ever reach staff, who see them marked. */
export function MessageThread({ messages }: { messages: TicketMessage[] }) {
  return (
    <ol className="ticket-thread" aria-label="Conversation">
      {messages.map((message) => (
        <li
          key={message.id}
          className={`ticket-message ticket-message-${message.isInternal ? 'note' : message.authorKind}`}
        >
          <article
            aria-label={`${message.isInternal ? 'Internal note' : 'Message'} from ${message.authorName}`}
          >
            <header className="ticket-message-header">
              <strong>{message.authorName}</strong>
              {message.authorKind === 'staff' && !message.isInternal && (
                <span className="badge badge-info">Support</span>
              )}
              {message.isInternal && <span className="badge badge-note">Internal note</span>}
              {message.source === 'email' && <span className="badge badge-neutral">by email</span>}
              <span className="muted">
                <DateTime value={message.createdAt} />
              </span>
            </header>
            <SafeHtml className="ticket-message-body" html={message.bodyHtml} />
            {message.logText && (
              <div className="ticket-message-log">
                <p className="ticket-log-title">Logs</p>
                <pre>{message.logText}</pre>
              </div>
            )}
            {message.attachments.length > 0 && <AttachmentList attachments={message.attachments} />}
          </article>
        </li>
      ))}
    </ol>
  );
}

function AttachmentList({ attachments }: { attachments: TicketAttachment[] }) {
  return (
    <ul className="attachment-list" aria-label="Attached files">
      {attachments.map((attachment) => (
        <li key={attachment.id} className="attachment">
          {attachment.thumbnailUrl ? (
            <a href={attachment.url} target="_blank" rel="noreferrer" className="attachment-image">
              <img src={attachment.thumbnailUrl} alt={attachment.fileName} loading="lazy" />
              <span>{attachment.fileName}</span>
            </a>
          ) : (
            <a href={attachment.url} download={attachment.fileName} className="attachment-file">
              {attachment.fileName}
            </a>
          )}
          <span className="muted">{formatBytes(attachment.sizeBytes)}</span>
        </li>
      ))}
    </ul>
  );
}
