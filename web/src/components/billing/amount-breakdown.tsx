import { createContext, useContext, type ReactNode } from 'react';
import type { Quote } from '../../api/views';
import { Period } from './billing-dates';
import { Money } from './money';

/** How many columns a total's label spans: the table drops its discount column when nothing is discounted. */
const TotalRowSpan = createContext(5);

/** Lines with their periods, discounts and taxes, then the totals: one view for invoices and quotes. */
export function AmountBreakdown({
  breakdown,
  caption,
  timeZone,
  children,
}: {
  /** A quote, or an invoice: it carries every field of a quote. */
  breakdown: Quote;
  caption: string;
  /** The billing time zone the lines' periods are cut in. */
  timeZone: string;
  /** Rows after the total, such as credit applied and amount due. */
  children?: ReactNode;
}) {
  const { currency } = breakdown;
  const hasDiscounts = breakdown.lines.some((line) => line.discount !== 0);
  const labelSpan = hasDiscounts ? 5 : 4;
  const taxLabel = `Tax (${breakdown.taxPercent} %${breakdown.isTaxInclusive ? ', included' : ''})`;
  return (
    <div className="table-wrap">
      <table className="table billing-lines">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Description</th>
            <th scope="col">Period</th>
            <th scope="col" className="num">
              Qty
            </th>
            <th scope="col" className="num">
              Amount
            </th>
            {hasDiscounts && (
              <th scope="col" className="num">
                Discount
              </th>
            )}
            <th scope="col" className="num">
              Tax
            </th>
          </tr>
        </thead>
        <tbody>
          {breakdown.lines.map((line, index) => (
            <tr key={index}>
              <td>{line.description}</td>
              <td>
                <Period start={line.periodStart} end={line.periodEnd} timeZone={timeZone} />
              </td>
              <td className="num">{line.quantity}</td>
              <td className="num">
                <Money amount={line.amount} currency={currency} />
              </td>
              {hasDiscounts && (
                <td className="num">
                  {line.discount ? <Money amount={-line.discount} currency={currency} /> : '—'}
                </td>
              )}
              <td className="num">
                <Money amount={line.tax} currency={currency} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <TotalRowSpan.Provider value={labelSpan}>
            <TotalRow label="Subtotal" amount={breakdown.subtotal} currency={currency} />
            {breakdown.discount !== 0 && (
              <TotalRow label="Discount" amount={-breakdown.discount} currency={currency} />
            )}
            <TotalRow label={taxLabel} amount={breakdown.tax} currency={currency} />
            <TotalRow label="Total" amount={breakdown.total} currency={currency} isStrong />
            {children}
          </TotalRowSpan.Provider>
        </tfoot>
      </table>
      {breakdown.taxNote && <p className="note">{breakdown.taxNote}</p>}
    </div>
  );
}

export function TotalRow({
  label,
  amount,
  currency,
  isStrong = false,
}: {
  label: string;
  amount: number;
  currency: string;
  isStrong?: boolean;
}) {
  const span = useContext(TotalRowSpan);
  return (
    <tr className={isStrong ? 'total-row total-row-strong' : 'total-row'}>
      <th scope="row" colSpan={span}>
        {label}
      </th>
      <td className="num">
        <Money amount={amount} currency={currency} />
      </td>
    </tr>
  );
}
