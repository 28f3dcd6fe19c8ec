/**
 * Which domains are served here, cached in memory so routing a stanza does not cost a query.
 * Tenancy events invalidate the cache, so a host created at runtime is served at once.
 */
import type { HostDirectory, HostRecord } from './ports.js';

/** Bounds the cache of unknown domains, which a client could otherwise grow by addressing random ones. */
const MAX_CACHED = 10_000;

export interface HostRegistry {
  find(domain: string): Promise<HostRecord | null>;
  forget(domain: string): void;
}

export function createHostRegistry(directory: HostDirectory): HostRegistry {
  const cache = new Map<string, Promise<HostRecord | null>>();
  return {
    find(domain) {
      const cached = cache.get(domain);
      if (cached) return cached;
      if (cache.size >= MAX_CACHED) cache.clear();
      const lookup = directory.findHostByDomain(domain).catch((error: unknown) => {
        cache.delete(domain);
        throw error;
      });
      cache.set(domain, lookup);
      return lookup;
    },
    forget(domain) {
      cache.delete(domain);
    },
  };
}
