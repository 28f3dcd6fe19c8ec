import type { BillingDeps } from './billing-deps.js';
import { reconcilePayment } from './charge-invoice.js';
import { listUnsettledPayments } from './payments.repository.js';

/** The janitor: settles every attempt left pending or unknown past the staleness window. */
export async function reconcilePayments(deps: BillingDeps): Promise<number> {
  const staleBefore = new Date(
    deps.clock.nowMs() - deps.settings.reconcileAfterMinutes * 60_000,
  ).toISOString();
  let settled = 0;
  for (const payment of await listUnsettledPayments(deps.db, staleBefore, 500)) {
    if (await reconcilePayment(deps, payment)) settled += 1;
  }
  return settled;
}
