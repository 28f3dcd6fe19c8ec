import { AppError } from '../lib/errors.js';
import { nowIso, type BillingDeps } from './billing-deps.js';
import { isSupportedCurrency } from './math/money.js';
import {
  deleteTldPrice,
  listTldPriceRows,
  upsertTldPrice,
  type TldPriceRow,
} from './tld-prices.repository.js';
import type { TldPriceView } from './views.js';

const TLD = /^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/;

export function normalizeTld(raw: string): string {
  const tld = raw.trim().toLowerCase().replace(/^\./, '');
  if (!TLD.test(tld)) throw new AppError('tld_invalid', { details: { tld: raw } });
  return tld;
}

export function toTldPriceView(row: TldPriceRow): TldPriceView {
  return { tld: row.tld, currency: row.currency, amount: row.amount, updatedAt: row.updated_at };
}

export async function listTldPrices(deps: Pick<BillingDeps, 'db'>): Promise<TldPriceView[]> {
  return (await listTldPriceRows(deps.db)).map(toTldPriceView);
}

/** Staff set the price of renewing a domain of this TLD for a year (net of tax, as plan prices are). */
export async function setTldPrice(
  deps: BillingDeps,
  input: { tld: string; currency: string; amount: number },
): Promise<TldPriceView> {
  if (!isSupportedCurrency(input.currency)) throw new AppError('currency_unsupported');
  const row = {
    tld: normalizeTld(input.tld),
    currency: input.currency,
    amount: input.amount,
    updated_at: nowIso(deps),
  };
  await upsertTldPrice(deps.db, row);
  return toTldPriceView(row);
}

export async function removeTldPrice(deps: BillingDeps, tld: string, currency: string): Promise<void> {
  if (!(await deleteTldPrice(deps.db, normalizeTld(tld), currency)))
    throw new AppError('tld_price_not_found');
}
