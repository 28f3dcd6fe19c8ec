/**
 * Retention: a recurring job on the durable scheduler (declared by module.ts) takes, owner by owner
 * and in small batches, the copies older than their host's plan keeps them out of their archives,
 * then deletes the messages nobody keeps (those too whose members were deleted). Queries already
 * hide expired copies (see module.ts), so the job only reclaims space and can run late without
 * anyone seeing old data.
 */
import type { Clock } from '../../../lib/clock.js';
import type { HostEntitlements } from '../../core/index.js';
import { ARCHIVE_SIDES, type ArchiveRepository } from './archive.repository.js';
import { retentionCutoff } from './archive-policy.js';

export const ARCHIVE_PURGE_JOB = 'xmpp.archive.purge';
export const PURGE_CRON = '20 * * * *';
/** Rows per statement, so none holds its locks for long. */
const PURGE_BATCH = 500;

export interface ArchivePurgeDeps {
  repository: ArchiveRepository;
  clock: Clock;
  /** The hosts on a plan; a host without one keeps its archives. */
  listEntitlements(): Promise<HostEntitlements[]>;
}

/** Repeats a statement that handles up to `batchSize` rows until one handles fewer; returns the total. */
async function inBatches(batchSize: number, statement: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const handled = await statement();
    total += handled;
    if (handled < batchSize) return total;
  }
}

/** Takes every expired copy out of its archive and deletes what nobody keeps; returns how many copies went. */
export async function purgeExpiredArchive(deps: ArchivePurgeDeps, batchSize = PURGE_BATCH): Promise<number> {
  const { repository } = deps;
  const now = deps.clock.now();
  let purged = 0;
  for (const { hostId, entitlements } of await deps.listEntitlements()) {
    const expiredAt = retentionCutoff(now, entitlements.archiveRetentionDays);
    if (expiredAt === undefined) continue;
    for (const side of ARCHIVE_SIDES) {
      for (
        let owner = await repository.nextOwner(side, hostId, undefined);
        owner !== undefined;
        owner = await repository.nextOwner(side, hostId, owner)
      ) {
        const username = owner;
        purged += await inBatches(batchSize, () =>
          repository.expire(side, hostId, username, expiredAt, batchSize),
        );
      }
    }
  }
  await inBatches(batchSize, () => repository.deleteUnowned(batchSize));
  return purged;
}
