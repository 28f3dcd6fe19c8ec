import type { AccountsDeps } from './deps.js';
import { findEmailsOfUsers } from './users.repository.js';

/** Email addresses by user id, for lists (such as the audit log) that store only who acted. */
export async function findUserEmails(deps: AccountsDeps, userIds: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return new Map();
  const rows = await findEmailsOfUsers(deps.db, unique);
  return new Map(rows.map((row) => [row.id, row.email]));
}
