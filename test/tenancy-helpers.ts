/**
 * The tenancy tests' own helpers (events). The session and call helpers here are the old import path
 * of test/support/ (api-client, actors, errors, billing-fixtures), kept so that tests written against
 * it still compile; new tests import those from test/support/ directly.
 */
import type { TestApp } from './support/app.js';
import type { TenancyEventMap, TenancyEventName } from '../src/tenancy/index.js';
import * as actors from './support/actors.js';

export { call } from './support/api-client.js';
export { errorCode } from './support/errors.js';
export { addCardThroughApi as addCard } from './support/billing-fixtures.js';
/** A signed-in dashboard user. */
export type Caller = actors.Actor;

/** The owner of a new customer called `organization`. */
export function signUpCustomer(t: TestApp, organization = 'Acme'): Promise<actors.CustomerActor> {
  return actors.signUpCustomer(t, {
    organization,
    name: 'Owner',
    email: actors.uniqueEmail('owner', `${organization.toLowerCase()}.test`),
  });
}

export function signInStaff(t: TestApp, role: actors.StaffRole = 'admin'): Promise<Caller> {
  return actors.signInStaff(t, role, 'Staff');
}

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
