import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../../api/client';
import { formatMoney, Money } from '../../../components/billing/money';
import { Field } from '../../../components/field';
import { FormStatus } from '../../../components/form-status';
import { DataView, Empty } from '../../../components/states';
import { useApiData } from '../../../hooks/use-api-data';
import { useSubmit } from '../../../hooks/use-submit';
import { minorUnits } from './minor-units';

/** What a year's renewal of a domain costs, per TLD and currency: auto-renewal invoices this. */
export function TldPricesPanel() {
  const prices = useApiData('/api/v1/admin/billing/tld-prices');
  const submission = useSubmit();
  const [tld, setTld] = useState('');
  const [currency, setCurrency] = useState('EUR');
  const [amount, setAmount] = useState('');

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const minor = minorUnits(amount);
    const code = currency.trim().toUpperCase();
    const ok = await submission.run(async () => {
      await unwrap(
        api.PUT('/api/v1/admin/billing/tld-prices/{tld}/{currency}', {
          params: { path: { tld: tld.trim(), currency: code } },
          body: { amount: minor },
        }),
      );
      return `.${tld.trim().replace(/^\./, '')} renews for ${formatMoney(minor, code)} a year.`;
    });
    if (ok) prices.reload();
  }

  return (
    <section className="panel" aria-labelledby="tld-prices-title">
      <h2 id="tld-prices-title">Domain renewal prices</h2>
      <p className="muted">Per TLD and currency, for one year, net of tax. Auto-renewal invoices these.</p>
      <DataView
        state={prices}
        onRetry={prices.reload}
        isEmpty={(items) => items.length === 0}
        empty={<Empty title="No renewal prices yet" />}
      >
        {(items) => (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">TLD</th>
                  <th scope="col">Price a year</th>
                </tr>
              </thead>
              <tbody>
                {items.map((price) => (
                  <tr key={`${price.tld}:${price.currency}`}>
                    <td>.{price.tld}</td>
                    <td>
                      <Money amount={price.amount} currency={price.currency} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </DataView>
      <form className="inline-form" onSubmit={(event) => void handleSubmit(event)}>
        <Field
          label="TLD"
          name="tld"
          placeholder="com"
          value={tld}
          onChange={(e) => setTld(e.target.value)}
          required
        />
        <Field
          label="Currency"
          name="currency"
          value={currency}
          onChange={(e) => setCurrency(e.target.value)}
          required
          maxLength={3}
        />
        <Field
          label="Price a year (minor units)"
          name="amount"
          inputMode="numeric"
          placeholder="1200"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          required
        />
        <div className="inline-form-actions">
          <button type="submit" className="button button-secondary" disabled={submission.isPending}>
            Set price
          </button>
        </div>
      </form>
      <FormStatus submission={submission} />
    </section>
  );
}
