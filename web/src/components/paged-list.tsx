import type { ReactNode } from 'react';
import type { PagedList } from '../hooks/use-api-data';
import { DataView } from './states';

interface PagedListViewProps<T> {
  list: PagedList<T>;
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
}

/** A cursor-paginated list with its loading, error and empty states and a "Load more" button. */
export function PagedListView<T>({ list, empty, children }: PagedListViewProps<T>) {
  return (
    <DataView state={list.state} onRetry={list.reload} isEmpty={(items) => items.length === 0} empty={empty}>
      {(items) => (
        <>
          {children(items)}
          {list.loadMoreError && (
            <p className="alert alert-error" role="alert">
              {list.loadMoreError.message}
            </p>
          )}
          {list.hasMore && (
            <div className="load-more">
              <button
                type="button"
                className="button button-secondary"
                onClick={list.loadMore}
                disabled={list.isLoadingMore}
              >
                {list.isLoadingMore ? 'Loading…' : 'Load more'}
              </button>
            </div>
          )}
        </>
      )}
    </DataView>
  );
}
