import type { BillingDeps } from './billing-deps.js';
import { dec } from './math/decimal.js';
import { roundMinor } from './math/money.js';
import { CYCLE_MONTHS, type Cycle } from './math/periods.js';
import { recurringAmount } from './period-lines.js';
import {
  countSubscriptionsEndedSince,
  countSubscriptionsLiveAt,
  liveRecurringPrices,
  revenueEntries,
} from './revenue.repository.js';
import type { RevenueReport } from './views.js';

export type { RevenueReport };

const DAY_MS = 86_400_000;

export async function revenueReport(deps: BillingDeps): Promise<RevenueReport> {
  const now = deps.clock.now();
  const mrrExact = new Map<string, ReturnType<typeof dec>>();
  for (const row of await liveRecurringPrices(deps.db)) {
    const monthly = dec(recurringAmount(row, row.seats)).div(CYCLE_MONTHS[row.cycle as Cycle]);
    mrrExact.set(row.currency, (mrrExact.get(row.currency) ?? dec(0)).plus(monthly));
  }
  const since = new Date(now.getTime() - 30 * DAY_MS).toISOString();
  const ended = await countSubscriptionsEndedSince(deps.db, since);
  const liveAtStart = await countSubscriptionsLiveAt(deps.db, since);
  const yearAgo = new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth() + 1, 1)).toISOString();
  const byMonth = new Map<string, number>();
  for (const entry of await revenueEntries(deps.db, yearAgo)) {
    const key = `${entry.created_at.slice(0, 7)}|${entry.currency}`;
    byMonth.set(key, (byMonth.get(key) ?? 0) - entry.amount);
  }
  return {
    mrr: [...mrrExact]
      .map(([currency, amount]) => ({ currency, amount: roundMinor(amount) }))
      .sort((a, b) => a.currency.localeCompare(b.currency)),
    churn: { ended, liveAtStart, rate: liveAtStart === 0 ? 0 : ended / liveAtStart },
    revenueByMonth: [...byMonth]
      .map(([key, amount]) => {
        const [month, currency] = key.split('|') as [string, string];
        return { month, currency, amount };
      })
      .sort((a, b) => a.month.localeCompare(b.month) || a.currency.localeCompare(b.currency)),
  };
}
