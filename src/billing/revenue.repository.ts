import type { BillingDb } from './billing-deps.js';

// Staff reporting across all tenants: these queries are deliberately unscoped.

export async function liveRecurringPrices(db: BillingDb): Promise<
  {
    currency: string;
    cycle: string;
    amount: number;
    seat_amount: number;
    included_seats: number;
    seats: number;
  }[]
> {
  return db
    .selectFrom('billing_subscriptions')
    .innerJoin('billing_prices', 'billing_prices.id', 'billing_subscriptions.price_id')
    .select([
      'billing_prices.currency',
      'billing_prices.cycle',
      'billing_prices.amount',
      'billing_prices.seat_amount',
      'billing_prices.included_seats',
      'billing_subscriptions.seats',
    ])
    .where('billing_subscriptions.status', 'in', ['active', 'past_due'])
    .execute();
}

export async function countSubscriptionsEndedSince(db: BillingDb, since: string): Promise<number> {
  const row = await db
    .selectFrom('billing_subscriptions')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('ended_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function countSubscriptionsLiveAt(db: BillingDb, at: string): Promise<number> {
  const row = await db
    .selectFrom('billing_subscriptions')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('created_at', '<', at)
    .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>=', at)]))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function revenueEntries(
  db: BillingDb,
  since: string,
): Promise<{ created_at: string; currency: string; amount: number }[]> {
  return db
    .selectFrom('billing_ledger_entries')
    .select(['created_at', 'currency', 'amount'])
    .where('account', '=', 'revenue')
    .where('created_at', '>=', since)
    .execute();
}
