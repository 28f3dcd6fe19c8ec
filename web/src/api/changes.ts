/**
 * Every successful write announces the path it changed, and every reader on screen whose path lies
 * on the same branch of the resource tree reads again (TanStack Query's invalidation by key prefix,
 * with API paths as keys). A member added at /hosts/h1/members refreshes that list, the host at
 * /hosts/h1 (its member count and plan limits) and the host list at /hosts, so no section of a page
 * keeps showing what was true before a change made on that page.
 */
type Listener = (changedPath: string) => void;

const listeners = new Set<Listener>();

export function announceChange(changedPath: string): void {
  for (const listener of listeners) listener(changedPath);
}

/** Calls `listener` after each write; returns the unsubscribe. */
export function onChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

function segments(path: string): string[] {
  return (path.split('?')[0] ?? '').split('/').filter(Boolean);
}

/** Whether a write to `changed` can alter what reading `read` returns: one path lies under the other. */
export function isAffectedBy(read: string, changed: string): boolean {
  const a = segments(read);
  const b = segments(changed);
  return a.slice(0, Math.min(a.length, b.length)).every((segment, index) => segment === b[index]);
}
