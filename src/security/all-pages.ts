import type { Page, PageQuery } from '../platform/index.js';

/** Every item of a paged list, page by page (the lists here are a team, staff, the hosts). */
export async function allPages<T>(list: (query: PageQuery) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let before: string | undefined;
  do {
    const page = await list({ limit: 100, before });
    items.push(...page.items);
    before = page.nextCursor ?? undefined;
  } while (before);
  return items;
}
