import { useCallback, useEffect, useRef, useState } from 'react';
import {
  createFinalURL,
  createQuerySerializer,
  defaultPathSerializer,
  type ClientPathsWithMethod,
  type MaybeOptionalInit,
} from 'openapi-fetch';
import { isAffectedBy, onChange } from '../api/changes';
import { ApiError, api, unwrap, type Answer } from '../api/client';
import type { paths } from '../api/generated/schema';
import type { GetData } from '../api/views';

export type Loadable<T> =
  { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; data: T };

type Api = typeof api;
/** A path the API answers GET on, as the document spells it (`/api/v1/hosts/{id}`). */
export type GetPath = ClientPathsWithMethod<Api, 'get'>;
export type { GetData };
/** Its parameters (path and query), required when the path has any. */
export type GetInit<P extends GetPath> = MaybeOptionalInit<paths[P], 'get'>;
type InitArgs<P extends GetPath> = undefined extends GetInit<P> ? [init?: GetInit<P>] : [init: GetInit<P>];

/**
 * GET for the hooks below, whose path is a type parameter. TypeScript cannot resolve the document's
 * types for a path not yet known, so this one call is typed by hand: what it answers is what the
 * document says GET on `path` answers, and the hooks' signatures hold callers to exactly that.
 */
function getFor<P extends GetPath>(path: P, init: object | undefined): Promise<GetData<P>> {
  const get = api.GET as (path: string, init?: object) => Promise<Answer<GetData<P>>>;
  return unwrap(get(path, init));
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The same for a list path: its answer is a page of its items. */
function getPageFor<P extends PagedPath>(path: P, init: object): Promise<Page<ItemOf<P>>> {
  const get = api.GET as (path: string, init?: object) => Promise<Answer<Page<ItemOf<P>>>>;
  return unwrap(get(path, init));
}

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'client_error', String(error));
}

const serializeQuery = createQuerySerializer();

/** The concrete path a read asks for: what writes are matched against, and what a new read depends on. */
function urlOf(path: string, init: { params?: { path?: object; query?: object } } | undefined): string {
  return createFinalURL(path, {
    baseUrl: '',
    params: { path: { ...init?.params?.path }, query: { ...init?.params?.query } },
    querySerializer: serializeQuery,
    pathSerializer: defaultPathSerializer,
  });
}

/** Reads `url` again whenever a write changes something on its branch of the resource tree. */
function useReloadOnChange(url: string, reload: () => void): void {
  useEffect(
    () =>
      onChange((changed) => {
        if (isAffectedBy(url, changed)) reload();
      }),
    [url, reload],
  );
}

/** GET one resource; read again after any write on its path (or `reload` for other changes). */
export function useApiData<P extends GetPath>(
  path: P,
  ...[init]: InitArgs<P>
): Loadable<GetData<P>> & { reload(): void } {
  const [state, setState] = useState<Loadable<GetData<P>>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const url = urlOf(path, init);
  // The parameters as of the last change of `url`: a new object each render must not read again.
  const latestInit = useRef(init);
  latestInit.current = init;

  useEffect(() => {
    let current = true;
    getFor(path, latestInit.current).then(
      (data) => current && setState({ status: 'ready', data }),
      (error: unknown) => current && setState({ status: 'error', error: asApiError(error) }),
    );
    return () => {
      current = false;
    };
  }, [path, url, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  useReloadOnChange(url, reload);
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

/** A GET path whose answer is one page of a keyset-paginated list. */
type PagedPath = {
  [P in GetPath]: GetData<P> extends { items: unknown[]; nextCursor: string | null } ? P : never;
}[GetPath];
type ItemOf<P extends PagedPath> = GetData<P>['items'][number];

/**
 * GET a cursor-paginated list (`{items, nextCursor}`), with "load more"; read again like useApiData.
 * The API pages backwards in time: `before` is the previous page's `nextCursor`.
 */
export function usePagedList<P extends PagedPath>(path: P, ...[init]: InitArgs<P>): PagedList<ItemOf<P>> {
  const [state, setState] = useState<Loadable<ItemOf<P>[]>>({ status: 'loading' });
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [isLoadingMore, setLoadingMore] = useState(false);
  const [loadMoreError, setLoadMoreError] = useState<ApiError | null>(null);
  const [generation, setGeneration] = useState(0);
  const url = urlOf(path, init);
  const latestInit = useRef(init);
  latestInit.current = init;
  // Answers for an older path or generation must not overwrite the newer list.
  const requestId = useRef(0);

  const fetchPage = useCallback(
    (before: string | undefined) => {
      const given = latestInit.current;
      const params = { ...given?.params, query: { ...given?.params?.query, ...(before ? { before } : {}) } };
      return getPageFor(path, { ...given, params });
    },
    [path],
  );

  useEffect(() => {
    const id = ++requestId.current;
    fetchPage(undefined).then(
      (page) => {
        if (id !== requestId.current) return;
        setState({ status: 'ready', data: page.items });
        setNextCursor(page.nextCursor ?? null);
        setLoadMoreError(null);
      },
      (error: unknown) => id === requestId.current && setState({ status: 'error', error: asApiError(error) }),
    );
  }, [fetchPage, url, generation]);

  const loadMore = useCallback(() => {
    if (!nextCursor) return;
    const id = requestId.current;
    setLoadingMore(true);
    setLoadMoreError(null);
    fetchPage(nextCursor)
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
  }, [fetchPage, nextCursor]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  useReloadOnChange(url, reload);
  return { state, hasMore: nextCursor !== null, isLoadingMore, loadMoreError, loadMore, reload };
}
