import { usePagedList } from '../hooks/use-api-data';
import { useMe } from '../session/session';
import { actionLabel, actorLabel, actorTypeLabel, targetLabel } from './audit-labels';
import { DateTime } from './date-time';
import { PagedListView } from './paged-list';
import { Empty } from './states';

/** Who changed what and when, newest first; the same table serves customers and staff. */
export function AuditLog({ path }: { path: '/api/v1/audit' | '/api/v1/admin/audit' }) {
  const entries = usePagedList(path);
  const myUserId = useMe().user.id;
  return (
    <PagedListView list={entries} empty={<Empty title="Nothing recorded yet" />}>
      {(items) => (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">IP address</th>
              </tr>
            </thead>
            <tbody>
              {items.map((entry) => (
                <tr key={entry.id}>
                  <td className="nowrap">
                    <DateTime value={entry.at} />
                  </td>
                  <td>
                    <div>{actorLabel(entry, myUserId)}</div>
                    {entry.actorId !== myUserId && entry.actorEmail && (
                      <div className="cell-secondary">{actorTypeLabel(entry)}</div>
                    )}
                    {entry.actorId && entry.actorId !== myUserId && !entry.actorEmail && (
                      <div className="cell-id">{entry.actorId}</div>
                    )}
                  </td>
                  <td>
                    <div>{actionLabel(entry.action)}</div>
                    <div className="cell-id">{entry.action}</div>
                  </td>
                  <td>
                    <div>{targetLabel(entry) ?? entry.targetType ?? '—'}</div>
                    {entry.targetId && <div className="cell-id">{entry.targetId}</div>}
                  </td>
                  <td className="nowrap">{entry.ip ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </PagedListView>
  );
}
