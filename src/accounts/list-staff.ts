import { toPage, type Page, type PageQuery } from '../platform/index.js';
import type { AccountsDeps } from './deps.js';
import { listStaffUsers } from './users.repository.js';
import { toUserView, type UserView } from './views.js';

export async function listStaff(deps: AccountsDeps, query: PageQuery): Promise<Page<UserView>> {
  return toPage(await listStaffUsers(deps.db, query), query.limit, toUserView);
}
