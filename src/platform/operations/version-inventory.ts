import type { DatabaseHandle } from '../db/index.js';
import { databaseServerVersion } from './operations.repository.js';

export interface VersionInventory {
  imhost: string;
  node: string;
  openssl: string;
  database: { kind: 'sqlite' | 'postgres'; version: string };
}

/** What this node runs: the versions staff compare against advisories and release notes. */
export async function versionInventory(
  database: DatabaseHandle,
  imhostVersion: string,
): Promise<VersionInventory> {
  return {
    imhost: imhostVersion,
    node: process.versions.node,
    openssl: process.versions.openssl,
    database: { kind: database.dialect, version: await databaseServerVersion(database.db) },
  };
}
