import type { AccountsDeps } from './deps.js';
import { findNamesOfCustomers } from './customers.repository.js';

/** Customer names by id, for lists (such as staff's list of IM hosts) that store only whose it is. */
export async function findCustomerNames(
  deps: AccountsDeps,
  customerIds: readonly string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(customerIds)];
  if (unique.length === 0) return new Map();
  const rows = await findNamesOfCustomers(deps.db, unique);
  return new Map(rows.map((row) => [row.id, row.name]));
}
