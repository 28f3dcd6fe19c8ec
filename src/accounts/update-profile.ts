import { nowIso, type AccountsDeps } from './deps.js';
import { updateUser } from './users.repository.js';

export async function updateProfile(
  deps: AccountsDeps,
  userId: string,
  changes: { name?: string | undefined },
): Promise<void> {
  if (changes.name === undefined) return;
  await updateUser(deps.db, userId, { name: changes.name.trim(), updated_at: nowIso(deps) });
}
