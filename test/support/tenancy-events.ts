/** Listening to tenancy's events, for tests that assert what a call emitted (and what it did not). */
import type { TenancyEventMap, TenancyEventName } from '../../src/tenancy/index.js';
import type { TestApp } from './app.js';

/** Resolves with the next event of that name; events are emitted after the write, so await this after the call. */
export function nextEvent<E extends TenancyEventName>(t: TestApp, name: E): Promise<TenancyEventMap[E]> {
  return new Promise((resolve) => {
    const off = t.ctx.tenancy.events.on(name, (event) => {
      off();
      resolve(event);
    });
  });
}

/** Collects every event of these names from now on, for asserting what was (and was not) emitted. */
export function recordEvents(
  t: TestApp,
  names: TenancyEventName[],
): Array<{ name: TenancyEventName; event: unknown }> {
  const seen: Array<{ name: TenancyEventName; event: unknown }> = [];
  for (const name of names) t.ctx.tenancy.events.on(name, (event) => void seen.push({ name, event }));
  return seen;
}
