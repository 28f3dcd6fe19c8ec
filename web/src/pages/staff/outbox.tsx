import { DateTime } from '../../components/date-time';
import { LinkifiedText } from '../../components/linkified-text';
import { PageHeader } from '../../components/page-header';
import { PagedListView } from '../../components/paged-list';
import { StatusBadge } from '../../components/status-badge';
import { Empty } from '../../components/states';
import { usePagedList } from '../../hooks/use-api-data';

/** The mailer's outbox: with the embedded default and no SMTP server, this is where mail is read. */
export function StaffOutboxPage() {
  const messages = usePagedList('/api/v1/admin/outbox');
  return (
    <>
      <PageHeader title="Outbox" description="Email the system sent, newest first." />
      <PagedListView list={messages} empty={<Empty title="No email sent yet" />}>
        {(items) => (
          <ul className="message-list">
            {items.map((message) => (
              <li key={message.id} className="panel message">
                <details>
                  <summary>
                    <span className="message-subject">{message.subject}</span>
                    <span className="message-meta">
                      to {message.recipients.join(', ')} · <DateTime value={message.createdAt} />
                      {' · '}
                      <StatusBadge status={message.status} />
                    </span>
                  </summary>
                  {message.lastError && (
                    <p className="alert alert-error message-error">
                      Last delivery error: {message.lastError}
                    </p>
                  )}
                  <div className="message-body">
                    <LinkifiedText text={message.text} />
                  </div>
                </details>
              </li>
            ))}
          </ul>
        )}
      </PagedListView>
    </>
  );
}
