import { SimulatedClock, systemClock, type Clock } from '../lib/clock.js';
import { AppError } from '../lib/errors.js';
import { scopedDb, type AnyDb, type PlatformTables } from './db/index.js';

/**
 * The simulated clock is kept in the settings table as its lead over wall time, written whenever
 * staff move it. A restart takes the clock up again from that lead instead of from wall time, so it
 * never goes back: mail, invoices and ids written after a restart sort after those written before.
 */
const KEY = 'simulated_clock';

interface StoredClock {
  offsetMs: number;
}

export async function restoreSimulatedClock(handle: AnyDb): Promise<SimulatedClock> {
  const row = await scopedDb<PlatformTables>(handle)
    .selectFrom('settings')
    .select('value')
    .where('key', '=', KEY)
    .executeTakeFirst();
  const offsetMs = row ? (JSON.parse(row.value) as StoredClock).offsetMs : 0;
  return new SimulatedClock(systemClock.nowMs() + offsetMs);
}

/** Moves the simulated clock forward and stores where it now stands; clock_not_simulated otherwise. */
export async function advanceSimulatedClock(handle: AnyDb, clock: Clock, ms: number): Promise<Date> {
  if (!(clock instanceof SimulatedClock)) throw new AppError('clock_not_simulated');
  const now = clock.advance(ms);
  const stored: StoredClock = { offsetMs: now.getTime() - systemClock.nowMs() };
  const row = { key: KEY, value: JSON.stringify(stored), updated_at: now.toISOString() };
  await scopedDb<PlatformTables>(handle)
    .insertInto('settings')
    .values(row)
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: row.value, updated_at: row.updated_at }))
    .execute();
  return now;
}
