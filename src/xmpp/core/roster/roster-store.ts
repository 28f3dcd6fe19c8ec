/**
 * Rosters, shared by the roster module (IQ get/set/push) and the presence module (subscriptions
 * and who receives whose presence), which must not import each other; so it lives in the core, as
 * Prosody's rostermanager does. Every change that a client can see bumps the roster version.
 */
import type { Clock } from '../../../lib/clock.js';
import type { Db } from '../../../platform/db/index.js';
import { createRosterRepository, type RosterRow } from './roster.repository.js';
import { emptyState, type Subscription, type SubscriptionState } from './subscription.js';

export interface RosterItem extends SubscriptionState {
  contact: string;
  name: string | null;
  groups: string[];
  isListed: boolean;
}

export interface RosterStore {
  list(hostId: string, username: string): Promise<RosterItem[]>;
  pendingIn(hostId: string, username: string): Promise<RosterItem[]>;
  get(hostId: string, username: string, contact: string): Promise<RosterItem | undefined>;
  /** Stores the item; returns the new roster version when the change is visible to the user. */
  save(
    hostId: string,
    username: string,
    item: RosterItem,
    isVisibleChange: boolean,
  ): Promise<number | undefined>;
  remove(hostId: string, username: string, contact: string): Promise<number>;
  version(hostId: string, username: string): Promise<number>;
}

export function newRosterItem(contact: string): RosterItem {
  return { contact, name: null, groups: [], isListed: false, ...emptyState };
}

function fromRow(row: RosterRow): RosterItem {
  let groups: string[] = [];
  try {
    const parsed: unknown = JSON.parse(row.groups);
    if (Array.isArray(parsed)) groups = parsed.filter((g): g is string => typeof g === 'string');
  } catch {
    groups = [];
  }
  return {
    contact: row.contact_jid,
    name: row.name,
    groups,
    subscription: row.subscription as Subscription,
    askOut: row.ask_out === 1,
    pendingIn: row.pending_in === 1,
    preapproved: row.preapproved === 1,
    isListed: row.is_listed === 1,
  };
}

export function createRosterStore(db: Db, clock: Clock): RosterStore {
  const repo = createRosterRepository(db);
  return {
    list: async (hostId, username) => (await repo.listed(hostId, username)).map(fromRow),
    pendingIn: async (hostId, username) => (await repo.pendingIn(hostId, username)).map(fromRow),
    get: async (hostId, username, contact) => {
      const row = await repo.find(hostId, username, contact);
      return row ? fromRow(row) : undefined;
    },
    async save(hostId, username, item, isVisibleChange) {
      const isEmpty = item.subscription === 'none' && !item.askOut && !item.pendingIn && !item.preapproved;
      if (!item.isListed && isEmpty) await repo.remove(hostId, username, item.contact);
      else
        await repo.upsert({
          host_id: hostId,
          username,
          contact_jid: item.contact,
          name: item.name,
          groups: JSON.stringify(item.groups),
          subscription: item.subscription,
          ask_out: item.askOut ? 1 : 0,
          pending_in: item.pendingIn ? 1 : 0,
          preapproved: item.preapproved ? 1 : 0,
          is_listed: item.isListed ? 1 : 0,
          updated_at: clock.now().toISOString(),
        });
      return isVisibleChange ? repo.bumpVersion(hostId, username) : undefined;
    },
    async remove(hostId, username, contact) {
      await repo.remove(hostId, username, contact);
      return repo.bumpVersion(hostId, username);
    },
    version: (hostId, username) => repo.version(hostId, username),
  };
}
