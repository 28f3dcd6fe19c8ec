import { useRef, useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import type { PaymentMethod } from '../../api/views';
import { cardExpiry, cardLabel } from '../../components/billing/card-label';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { Field } from '../../components/field';
import { FormStatus } from '../../components/form-status';
import { DataView, Empty } from '../../components/states';
import { useApiData } from '../../hooks/use-api-data';
import { useSubmit } from '../../hooks/use-submit';
import { StripeCardForm } from './stripe-card-form';

/** The customer's cards: brand, last four and expiry only; add, make default, remove. */
export function PaymentMethodsSection({ canManage, onChanged }: { canManage: boolean; onChanged(): void }) {
  const cards = useApiData('/api/v1/payment-methods');
  const action = useSubmit();
  const [removing, setRemoving] = useState<PaymentMethod | null>(null);

  function changed() {
    cards.reload();
    // A new default card pays overdue invoices at once, so invoices and subscriptions change too.
    onChanged();
  }

  async function makeDefault(card: PaymentMethod) {
    const ok = await action.run(async () => {
      await unwrap(
        api.POST('/api/v1/payment-methods/{id}/make-default', { params: { path: { id: card.id } } }),
      );
      return `${cardLabel(card)} is now your default card.`;
    });
    if (ok) changed();
  }

  return (
    <section className="panel" aria-labelledby="cards-title">
      <h2 id="cards-title">Payment methods</h2>
      <DataView
        state={cards}
        onRetry={cards.reload}
        isEmpty={(items) => items.length === 0}
        empty={
          <Empty title="No card on file">
            <p>Add a card so renewals are paid automatically.</p>
          </Empty>
        }
      >
        {(items) => (
          <ul className="card-list">
            {items.map((card) => (
              <li key={card.id} className="card-item">
                <div>
                  <span className="cell-primary">{cardLabel(card)}</span>
                  {card.isDefault && <span className="badge badge-success">Default</span>}
                  <div className="cell-secondary">Expires {cardExpiry(card)}</div>
                </div>
                {canManage && (
                  <div className="row-actions">
                    {!card.isDefault && (
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        disabled={action.isPending}
                        aria-label={`Make ${cardLabel(card)} the default`}
                        onClick={() => void makeDefault(card)}
                      >
                        Make default
                      </button>
                    )}
                    <button
                      type="button"
                      className="button button-danger-outline button-small"
                      aria-label={`Remove ${cardLabel(card)}`}
                      onClick={() => setRemoving(card)}
                    >
                      Remove
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </DataView>
      <FormStatus submission={action} />
      {canManage && <AddCard onAdded={changed} />}
      <ConfirmDialog
        title={removing ? `Remove ${cardLabel(removing)}?` : 'Remove card?'}
        isOpen={removing !== null}
        isDanger
        confirmLabel="Remove card"
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          if (!removing) return;
          await unwrap(api.DELETE('/api/v1/payment-methods/{id}', { params: { path: { id: removing.id } } }));
          changed();
        }}
      >
        <p>
          {removing?.isDefault
            ? 'This is your default card: renewals need another card to be paid automatically.'
            : 'The card will no longer be charged.'}
        </p>
      </ConfirmDialog>
    </section>
  );
}

/** The card form of the configured gateway: ours for the sandbox, Stripe's Card Element for Stripe. */
function AddCard({ onAdded }: { onAdded(): void }) {
  const collection = useApiData('/api/v1/payment-methods/setup');
  return (
    <DataView state={collection} onRetry={collection.reload}>
      {(how) =>
        how.gateway === 'stripe' ? (
          <StripeCardForm publishableKey={how.publishableKey} onAdded={onAdded} />
        ) : (
          <AddCardForm onAdded={onAdded} />
        )
      }
    </DataView>
  );
}

/**
 * The sandbox card form. Its inputs are uncontrolled and the form is cleared after a successful
 * submit, so the card number lives only in the input and the one request that sends it.
 */
function AddCardForm({ onAdded }: { onAdded(): void }) {
  const submission = useSubmit();
  const formRef = useRef<HTMLFormElement>(null);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const [month = '', year = ''] = String(data.get('expiry') ?? '').split('/');
    const ok = await submission.run(async () => {
      const card = await unwrap(
        api.POST('/api/v1/payment-methods', {
          body: {
            number: String(data.get('number') ?? '').trim(),
            expMonth: Number.parseInt(month, 10) || 0,
            expYear: 2000 + (Number.parseInt(year, 10) % 100 || 0),
            cvc: String(data.get('cvc') ?? '').trim(),
            makeDefault: data.get('makeDefault') === 'on',
          },
        }),
      );
      return `${cardLabel(card)} was added.`;
    });
    if (ok) {
      formRef.current?.reset();
      onAdded();
    }
  }

  const expiryError = submission.fieldError('expMonth') ?? submission.fieldError('expYear');
  return (
    <form ref={formRef} className="subform" onSubmit={(event) => void handleSubmit(event)} noValidate>
      <h3>Add a card</h3>
      <div className="form-grid card-form">
        <Field
          label="Card number"
          name="number"
          inputMode="numeric"
          autoComplete="cc-number"
          required
          error={submission.fieldError('number')}
        />
        <Field
          label="Expiry (MM/YY)"
          name="expiry"
          placeholder="12/30"
          inputMode="numeric"
          autoComplete="cc-exp"
          required
          error={expiryError}
        />
        <Field
          label="CVC"
          name="cvc"
          inputMode="numeric"
          autoComplete="cc-csc"
          required
          error={submission.fieldError('cvc')}
        />
      </div>
      <label className="checkbox">
        <input type="checkbox" name="makeDefault" /> Make this my default card
      </label>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submission.isPending}>
          {submission.isPending ? 'Adding…' : 'Add card'}
        </button>
      </div>
      <FormStatus submission={submission} />
    </form>
  );
}
