/**
 * One XEP-0313 query over one user's archive: the filters of the form, then a XEP-0059 page
 * forwards (after an item, or from the start), backwards (before an item, or from the end) or at an
 * index. Items past the host's retention do not exist here, not even as paging cursors.
 */
import { formatBare, formatJid, StanzaError } from '../../stanza/index.js';
import {
  comparePositions,
  type ArchivedMessage,
  type ArchiveFilter,
  type ArchiveRepository,
  type Position,
} from './archive.repository.js';
import type { ArchiveQuery } from '../../core/index.js';

export interface ArchivePage {
  items: ArchivedMessage[];
  /** Matching items in the whole archive, whatever the page. */
  count: number;
  /** How many matching items come before the first of this page. */
  index: number;
  /** The page reaches the end of the archive in its direction (XEP-0313 `complete`). */
  isComplete: boolean;
}

export async function queryArchive(
  repository: ArchiveRepository,
  owner: Pick<ArchiveFilter, 'hostId' | 'username' | 'expiredAt'>,
  query: ArchiveQuery,
  max: number,
): Promise<ArchivePage> {
  async function positionOf(id: string | undefined): Promise<Position | undefined> {
    if (id === undefined) return undefined;
    const position = await repository.findPosition(owner, id);
    if (!position) throw new StanzaError('item-not-found', { text: `no message ${id} in the archive` });
    return position;
  }
  const peer = query.with;
  const filter: ArchiveFilter = {
    ...owner,
    peer:
      peer &&
      (peer.resource ? { isFull: true, jid: formatJid(peer) } : { isFull: false, jid: formatBare(peer) }),
    start: query.start,
    end: query.end,
    after: await positionOf(query.afterId),
    before: await positionOf(query.beforeId),
    ids: query.ids,
  };
  if (query.ids && (await repository.count({ ...owner, ids: query.ids })) !== query.ids.length)
    throw new StanzaError('item-not-found', { text: 'not every id is in the archive' });
  const { cursor } = query;
  const count = await repository.count(filter);
  if (max === 0) return { items: [], count, index: 0, isComplete: count === 0 };
  if (cursor.direction === 'index') {
    const rows = await repository.page(filter, max + 1, false, cursor.index);
    const hasMore = rows.length > max;
    return { items: rows.slice(0, max), count, index: cursor.index, isComplete: !hasMore };
  }
  const isBackward = cursor.direction === 'backward';
  const at = await positionOf(cursor.direction === 'forward' ? cursor.after : cursor.before);

  // The RSM cursor narrows the filtered set further, unless after-id/before-id already do more.
  const page = { ...filter };
  if (at && !isBackward && (!page.after || comparePositions(at, page.after) > 0)) page.after = at;
  if (at && isBackward && (!page.before || comparePositions(at, page.before) < 0)) page.before = at;
  const rows = await repository.page(page, max + 1, isBackward);
  const hasMore = rows.length > max;
  const items = !hasMore ? rows : isBackward ? rows.slice(1) : rows.slice(0, max);
  const first = items[0];
  const index = first ? await repository.count({ ...filter, before: first }) : 0;
  return { items, count, index, isComplete: !hasMore };
}
