/**
 * Operations: backups and restores, the version inventory, the release feed and the upgrade
 * pre-checks. Used by the CLI (`imhost backup`, `restore`, `upgrade --check`, migrations) and by
 * the staff API.
 */
export { createBackup, type BackupResult, type CreateBackupInput } from './create-backup.js';
export { restoreBackup, type RestoreBackupInput, type RestoreResult } from './restore-backup.js';
export { defaultBackupFile, databaseTarget, type BackupManifest } from './backup-layout.js';
export { versionInventory, type VersionInventory } from './version-inventory.js';
export {
  createReleaseFeed,
  parseReleaseFeed,
  ReleaseFeedError,
  RELEASE_FEED_CRON,
  RELEASE_FEED_JOB,
  type Release,
  type ReleaseFeed,
  type ReleaseFeedStatus,
} from './release-feed.js';
export {
  checkUpgrade,
  type UpgradeCheck,
  type UpgradeCheckName,
  type UpgradeReport,
} from './check-upgrade.js';
export {
  DOCTOR_CHECKS,
  DOCTOR_EXIT,
  doctorExitCode,
  finding,
  type DoctorCheckName,
  type DoctorFinding,
} from './doctor-findings.js';
export { checkListeners, localAddressOf } from './check-listeners.js';
export { checkClock } from './check-clock.js';
