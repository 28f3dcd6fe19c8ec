import { toPage, type Page, type PageQuery } from '../platform/index.js';
import { loadHost } from './host-access.js';
import type { Actor } from './host-status-policy.js';
import { listMembers as listMemberRows } from './members.repository.js';
import type { TenancyDeps } from './tenancy-deps.js';
import { toMemberView, type MemberView } from './views.js';

export async function listMembers(
  deps: Pick<TenancyDeps, 'db'>,
  actor: Actor,
  hostId: string,
  page: PageQuery,
): Promise<Page<MemberView>> {
  const host = await loadHost(deps, actor, hostId);
  const rows = await listMemberRows(deps.db, host.id, page);
  return toPage(rows, page.limit, (row) => toMemberView(row, host.domain));
}
