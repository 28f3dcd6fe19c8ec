import { toPage, type Page, type PageQuery } from '../platform/index.js';
import { domainSearchTerm } from './domain-name.js';
import { listHosts } from './hosts.repository.js';
import type { TenancyDeps } from './tenancy-deps.js';
import { toAdminHostView, toHostView, type AdminHostView, type HostView } from './views.js';

export async function listCustomerHosts(
  deps: Pick<TenancyDeps, 'db'>,
  customerId: string,
  page: PageQuery,
): Promise<Page<HostView>> {
  const rows = await listHosts(deps.db, { kind: 'customer', customerId }, page);
  return toPage(rows, page.limit, toHostView);
}

/**
 * The staff list: every customer's hosts, optionally only those whose domain contains `search`,
 * each with its customer's name (one question to accounts per page).
 */
export async function listAllHosts(
  deps: Pick<TenancyDeps, 'db' | 'accounts'>,
  query: PageQuery & { search?: string | undefined },
): Promise<Page<AdminHostView>> {
  const rows = await listHosts(
    deps.db,
    { kind: 'all' },
    { ...query, domainContains: domainSearchTerm(query.search) },
  );
  const page = toPage(rows, query.limit, (row) => row);
  const names = await deps.accounts.findCustomerNames(page.items.map((row) => row.customer_id));
  return {
    items: page.items.map((row) =>
      toAdminHostView({ ...row, customer_name: names.get(row.customer_id) ?? '' }),
    ),
    nextCursor: page.nextCursor,
  };
}
