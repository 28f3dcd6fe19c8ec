import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withCompensation } from './compensation.js';

describe('withCompensation', () => {
  it('undoes the steps done so far, newest first, and rethrows the failure', async () => {
    const undone: string[] = [];
    await assert.rejects(
      withCompensation(async (onFailure) => {
        onFailure(async () => undone.push('host'));
        onFailure(async () => undone.push('profile'));
        throw new Error('charge failed');
      }),
      /charge failed/,
    );
    assert.deepEqual(undone, ['profile', 'host']);
  });

  it('undoes nothing when every step succeeds', async () => {
    const undone: string[] = [];
    const result = await withCompensation(async (onFailure) => {
      onFailure(async () => undone.push('host'));
      return 'done';
    });
    assert.equal(result, 'done');
    assert.deepEqual(undone, []);
  });

  it('reports an undo that fails instead of the step, since something then remains', async () => {
    await assert.rejects(
      withCompensation(async (onFailure) => {
        onFailure(async () => {
          throw new Error('delete failed');
        });
        throw new Error('charge failed');
      }),
      /delete failed/,
    );
  });
});
