import { useCallback, useEffect, useRef, useState } from 'react';
import { isAffectedBy, onChange } from '../api/changes';
import { ApiError, api } from '../api/client';
import type { Page } from '../api/types';

export type Loadable<T> =
  { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; data: T };

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'client_error', String(error));
}

/** Reads `path` again whenever a write changes something on its branch of the resource tree. */
function useReloadOnChange(path: string, reload: () => void): void {
  useEffect(
    () =>
      onChange((changed) => {
        if (isAffectedBy(path, changed)) reload();
      }),
    [path, reload],
  );
}

/** GET one resource; read again after any write on its path (or `reload` for other changes). */
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
  useReloadOnChange(path, reload);
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

/** GET a cursor-paginated list (`{items, nextCursor}`), with "load more"; read again like useApiData. */
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
  useReloadOnChange(path, reload);
  return { state, hasMore: nextCursor !== null, isLoadingMore, loadMoreError, loadMore, reload };
}
