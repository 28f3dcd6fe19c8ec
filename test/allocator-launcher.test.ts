import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const withAllocator = fileURLToPath(new URL('../bin/with-allocator', import.meta.url));

/** Runs a shell through the launcher and returns what LD_PRELOAD it saw. */
function launch(env: Record<string, string>) {
  const result = spawnSync(withAllocator, ['sh', '-c', 'printf %s "$LD_PRELOAD"'], {
    env: { PATH: process.env.PATH!, ...env },
    encoding: 'utf8',
  });
  return { status: result.status, preload: result.stdout, stderr: result.stderr };
}

describe('bin/with-allocator', () => {
  it('preloads TCMalloc by default when it is installed (npm test installs it)', () => {
    const { status, preload } = launch({});
    assert.equal(status, 0);
    assert.match(preload, /^\/\S*libtcmalloc_minimal\.so\.4$/);
  });

  it('keeps a preload that was already there, after TCMalloc', () => {
    const { preload } = launch({ IMHOST_ALLOCATOR: 'tcmalloc', LD_PRELOAD: '/opt/other.so' });
    assert.match(preload, /^\/\S*libtcmalloc_minimal\.so\.4 \/opt\/other\.so$/);
  });

  it('leaves the system allocator when told to', () => {
    const { status, preload } = launch({ IMHOST_ALLOCATOR: 'system' });
    assert.equal(status, 0);
    assert.equal(preload, '');
  });

  it('refuses an unknown choice with the configuration exit code and says what it accepts', () => {
    const { status, stderr } = launch({ IMHOST_ALLOCATOR: 'jemalloc' });
    assert.equal(status, 78);
    assert.match(stderr, /auto, tcmalloc or system/);
  });
});
