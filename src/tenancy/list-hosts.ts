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

/** The staff list: every customer's hosts, optionally only those whose domain contains `search`. */
export async function listAllHosts(
  deps: Pick<TenancyDeps, 'db'>,
  query: PageQuery & { search?: string | undefined },
): Promise<Page<AdminHostView>> {
  const rows = await listHosts(
    deps.db,
    { kind: 'all' },
    { ...query, domainContains: domainSearchTerm(query.search) },
  );
  return toPage(rows, query.limit, toAdminHostView);
}
