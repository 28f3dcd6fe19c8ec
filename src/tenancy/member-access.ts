import { AppError } from '../lib/errors.js';
import { findMember, type MemberRow } from './members.repository.js';
import type { TenancyDeps } from './tenancy-deps.js';
import { tryNormalizeUsername } from '../lib/username.js';

/** Looks a member up by the name as given (`Alice`, `ａｌｉｃｅ` and `alice` are one member). */
export async function loadMember(
  deps: Pick<TenancyDeps, 'db'>,
  hostId: string,
  rawUsername: string,
): Promise<MemberRow> {
  const username = tryNormalizeUsername(rawUsername);
  const member = username === null ? undefined : await findMember(deps.db, hostId, username);
  if (!member) throw new AppError('member_not_found');
  return member;
}
