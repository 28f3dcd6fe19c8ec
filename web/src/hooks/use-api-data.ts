import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../api/client';
import type { Page } from '../api/types';

export type Loadable<T> =
  { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; data: T };

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'client_error', String(error));
}

/** GET one resource; `reload` re-reads it after a change. */
export function useApiData<T>(path: string): Loadable<T> & { reload(): void } {
  const [state, setState] = useState<Loadable<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    api.get<T>(path).then(
      (data) => current && setState({ status: 'ready', data }),
      (error: unknown) => current && setState({ status: 'error', error: asApiError(error) }),
    );
    return () => {
      current = false;
    };
  }, [path, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}

export interface PagedList<T> {
  state: Loadable<T[]>;
  hasMore: boolean;
  isLoadingMore: boolean;
  loadMoreError: ApiError | null;
  loadMore(): void;
  reload(): void;
}

/** The API pages backwards in time: `before` is the previous page's `nextCursor`. */
function withCursor(path: string, cursor: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}before=${encodeURIComponent(cursor)}`;
}

/** GET a cursor-paginated list (`{items, nextCursor}`), with "load more". */
export function usePagedList<T>(path: string): PagedList<T> {
  const [state, setState] = useState<Loadable<T[]>>({ status: 'loading' });
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [isLoadingMore, setLoadingMore] = useState(false);
  const [loadMoreError, setLoadMoreError] = useState<ApiError | null>(null);
  const [generation, setGeneration] = useState(0);
  // Answers for an older path or generation must not overwrite the newer list.
  const requestId = useRef(0);

  useEffect(() => {
    const id = ++requestId.current;
    api.get<Page<T>>(path).then(
      (page) => {
        if (id !== requestId.current) return;
        setState({ status: 'ready', data: page.items });
        setNextCursor(page.nextCursor ?? null);
        setLoadMoreError(null);
      },
      (error: unknown) => id === requestId.current && setState({ status: 'error', error: asApiError(error) }),
    );
  }, [path, generation]);

  const loadMore = useCallback(() => {
    if (!nextCursor) return;
    const id = requestId.current;
    setLoadingMore(true);
    setLoadMoreError(null);
    api
      .get<Page<T>>(withCursor(path, nextCursor))
      .then(
        (page) => {
          if (id !== requestId.current) return;
          setState((previous) =>
            previous.status === 'ready'
              ? { status: 'ready', data: [...previous.data, ...page.items] }
              : previous,
          );
          setNextCursor(page.nextCursor ?? null);
        },
        (error: unknown) => id === requestId.current && setLoadMoreError(asApiError(error)),
      )
      .finally(() => setLoadingMore(false));
  }, [path, nextCursor]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { state, hasMore: nextCursor !== null, isLoadingMore, loadMoreError, loadMore, reload };
}
