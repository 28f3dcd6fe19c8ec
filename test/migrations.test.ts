import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { migrateDownAll, migrateToLatest } from '../src/platform/db/index.js';
import { createTestDatabase, testDialects } from './support/databases.js';

for (const dialect of testDialects()) {
  describe(`migrations on ${dialect}`, () => {
    it('apply on an empty database, are idempotent, and roll back cleanly', async () => {
      const database = await createTestDatabase(dialect);
      try {
        const again = await migrateToLatest(database.db);
        assert.deepEqual(again.applied, [], 'a second run applies nothing');
        await migrateDownAll(database.db);
        const reapplied = await migrateToLatest(database.db);
        assert.ok(reapplied.applied.length > 0, 'everything applies again after a full rollback');
      } finally {
        await database.close();
      }
    });
  });
}
