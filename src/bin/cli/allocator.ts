import { readFileSync } from 'node:fs';

/**
 * Which C allocator this process runs on: bin/with-allocator preloads TCMalloc when it is installed.
 * Read from the process's own memory map, so a preload the loader refused is not reported as used.
 */
export function cAllocator(): 'tcmalloc' | 'system' {
  try {
    return readFileSync('/proc/self/maps', 'utf8').includes('libtcmalloc') ? 'tcmalloc' : 'system';
  } catch {
    return 'system';
  }
}
