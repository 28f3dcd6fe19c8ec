import { toPage, type Page, type PageQuery } from '../platform/index.js';
import { listAllCustomers } from './customers.repository.js';
import type { AccountsDeps } from './deps.js';
import type { CustomerSummary } from './views.js';

export type { CustomerSummary };

/** Staff only: every customer, newest first. */
export async function listCustomers(deps: AccountsDeps, query: PageQuery): Promise<Page<CustomerSummary>> {
  const rows = await listAllCustomers(deps.db, query);
  return toPage(rows, query.limit, (row) => ({
    id: row.id,
    name: row.name,
    status: row.status,
    ownerEmail: row.owner_email,
    createdAt: row.created_at,
  }));
}
