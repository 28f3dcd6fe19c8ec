/**
 * The order modules load in, from what they declare (ejabberd's `depends/2`): a module `requires`
 * the modules it cannot work without, which must be loaded and load first, and loads `after`
 * modules it only needs to follow when they are there. Hooks of equal priority run in load order,
 * so that is how a module says "my observer runs after MAM's" without a priority offset. Otherwise
 * the given order is kept. A missing requirement or a cycle is an error that names the modules.
 */

export interface ModuleDependencies {
  name: string;
  requires?: readonly string[];
  after?: readonly string[];
}

export class ModuleDependencyError extends Error {
  override name = 'ModuleDependencyError';
}

/** `a → b → a`, for a cycle among modules that wait for one another. */
function findCycle<M extends ModuleDependencies>(waiting: readonly M[], before: (m: M) => string[]): string {
  const byName = new Map(waiting.map((m) => [m.name, m]));
  const path: string[] = [];
  let current: M | undefined = waiting[0];
  while (current && !path.includes(current.name)) {
    path.push(current.name);
    current = before(current)
      .map((name) => byName.get(name))
      .find((m) => m !== undefined);
  }
  const start = current ? path.indexOf(current.name) : 0;
  return [...path.slice(start), path[start]].join(' → ');
}

export function orderModules<M extends ModuleDependencies>(modules: readonly M[]): M[] {
  const names = new Set<string>();
  for (const module of modules) {
    if (names.has(module.name)) throw new ModuleDependencyError(`module ${module.name} is listed twice`);
    names.add(module.name);
  }
  for (const module of modules)
    for (const required of module.requires ?? [])
      if (!names.has(required))
        throw new ModuleDependencyError(`module ${module.name} requires ${required}, which is not loaded`);

  // Whom each module waits for: its requirements, and the modules it follows that are present.
  const before = (m: M) => [...(m.requires ?? []), ...(m.after ?? []).filter((name) => names.has(name))];
  const ordered: M[] = [];
  const placed = new Set<string>();
  let waiting = [...modules];
  while (waiting.length > 0) {
    const next = waiting.find((m) => before(m).every((name) => placed.has(name)));
    if (!next)
      throw new ModuleDependencyError(
        `modules depend on each other in a cycle: ${findCycle(waiting, before)}`,
      );
    ordered.push(next);
    placed.add(next.name);
    waiting = waiting.filter((m) => m !== next);
  }
  return ordered;
}
