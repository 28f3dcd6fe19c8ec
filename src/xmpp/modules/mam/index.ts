export { mamModule } from './module.js';
export { ARCHIVE_PURGE_JOB, purgeExpiredArchive, type ArchivePurgeDeps } from './purge-archive.js';
