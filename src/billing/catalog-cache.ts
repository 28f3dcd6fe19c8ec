import { findPlan, findPrice, type PlanRow, type PriceRow } from './catalog.repository.js';
import type { BillingDb } from './billing-deps.js';

/**
 * Catalog rows read once per renewal sweep instead of once per subscription. A price version never
 * changes once written (a new price is a new version), and a plan edited during a sweep is the same
 * as one edited just after it.
 */
export interface CatalogCache {
  price(id: string): Promise<PriceRow | undefined>;
  plan(id: string): Promise<PlanRow | undefined>;
}

export function catalogCache(db: BillingDb): CatalogCache {
  const prices = new Map<string, Promise<PriceRow | undefined>>();
  const plans = new Map<string, Promise<PlanRow | undefined>>();
  const memo = <T>(map: Map<string, Promise<T>>, id: string, load: () => Promise<T>): Promise<T> => {
    let found = map.get(id);
    if (!found) {
      found = load();
      map.set(id, found);
      // A failed read is not remembered: the next subscription asks again.
      found.catch(() => map.delete(id));
    }
    return found;
  };
  return {
    price: (id) => memo(prices, id, () => findPrice(db, id)),
    plan: (id) => memo(plans, id, () => findPlan(db, id)),
  };
}
