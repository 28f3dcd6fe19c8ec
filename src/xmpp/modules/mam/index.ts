export { mamModule } from './module.js';
export {
  ARCHIVE_PURGE_JOB,
  purgeExpiredArchive,
  scheduleArchivePurge,
  type ArchivePurgeDeps,
  type ArchiveRetentionSource,
} from './purge-archive.js';
