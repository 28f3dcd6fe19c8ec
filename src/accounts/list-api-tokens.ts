import { toPage, type Page, type PageQuery } from '../platform/index.js';
import { toApiTokenView, type ApiTokenView } from './api-tokens.js';
import { listActiveApiTokens } from './api-tokens.repository.js';
import type { AccountsDeps } from './deps.js';

export async function listApiTokens(
  deps: AccountsDeps,
  userId: string,
  query: PageQuery,
): Promise<Page<ApiTokenView>> {
  return toPage(await listActiveApiTokens(deps.db, userId, query), query.limit, toApiTokenView);
}
