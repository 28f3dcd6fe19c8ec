import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { ChatRoom } from '../../api/views';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { DateTime } from '../../components/date-time';
import { FormStatus } from '../../components/form-status';
import { ItemTable, NamedCell } from '../../components/item-table';
import { DataView, Empty } from '../../components/states';
import { useApiData } from '../../hooks/use-api-data';
import { useSubmit } from '../../hooks/use-submit';
import type { HostSectionProps } from './host-section-props';

/**
 * The host's group chat rooms at conference.<domain>: members create them from their chat apps; the
 * customer sees who is in each and when it was last used, and can destroy one.
 */
export function ChatRoomsSection({ hostId, domain, canChange }: HostSectionProps) {
  const rooms = useApiData('/api/v1/hosts/{id}/rooms', { params: { path: { id: hostId } } });
  const status = useSubmit();
  const [destroying, setDestroying] = useState<ChatRoom | null>(null);

  return (
    <section className="panel" aria-labelledby="rooms-title">
      <h2 id="rooms-title">Group chats</h2>
      <FormStatus submission={status} />
      <DataView
        state={rooms}
        onRetry={rooms.reload}
        isEmpty={(data) => data.items.length === 0}
        empty={
          <Empty title="No group chats yet">
            <p>Members create rooms from their chat apps at conference.{domain}.</p>
          </Empty>
        }
      >
        {(data) => (
          <ItemTable
            items={data.items}
            rowKey={(room) => room.name}
            columns={[
              {
                header: 'Room',
                cell: (room) => (
                  <NamedCell
                    name={room.title || room.name}
                    detail={
                      <>
                        {room.address}
                        {room.isPersistent ? '' : ' · temporary'}
                        {room.isPublic ? '' : ' · hidden'}
                      </>
                    }
                  />
                ),
              },
              { header: 'People in it', cell: (room) => room.occupants },
              {
                header: 'Last activity',
                cell: (room) => <DateTime value={room.lastActivityAt} never="Never" />,
              },
            ]}
            actions={
              canChange
                ? (room) => (
                    <button
                      type="button"
                      className="button button-danger-outline button-small"
                      onClick={() => setDestroying(room)}
                      aria-label={`Destroy ${room.address}`}
                    >
                      Destroy
                    </button>
                  )
                : undefined
            }
          />
        )}
      </DataView>
      <ConfirmDialog
        title={`Destroy ${destroying?.address ?? 'room'}?`}
        isOpen={destroying !== null}
        isDanger
        confirmLabel="Destroy room"
        onClose={() => setDestroying(null)}
        onConfirm={async () => {
          if (!destroying) return;
          await unwrap(
            api.DELETE('/api/v1/hosts/{id}/rooms/{name}', {
              params: { path: { id: hostId, name: destroying.name } },
            }),
          );
          void status.run(async () => `${destroying.address} was destroyed.`);
        }}
      >
        <p>Everyone in it is told the room was closed; its settings, members and history are deleted.</p>
      </ConfirmDialog>
    </section>
  );
}
