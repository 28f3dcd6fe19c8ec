import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, unwrap } from '../../api/client';
import { cardLabel } from '../../components/billing/card-label';
import { FormStatus } from '../../components/form-status';
import { useSubmit } from '../../hooks/use-submit';
import { loadStripe, type StripeCardElement, type StripeJs } from './stripe-js';

/** Looks like the dashboard's inputs; Stripe draws the card fields inside. */
const cardBoxStyle = {
  border: '1px solid var(--border-strong)',
  borderRadius: 'var(--radius-small)',
  background: 'var(--surface)',
  padding: '0.7rem',
  minHeight: '2.5rem',
};

type Readiness = { status: 'loading' } | { status: 'ready' } | { status: 'failed'; message: string };

/**
 * The card form with Stripe: Stripe.js's Card Element collects the card, a SetupIntent from our
 * server is confirmed with it in the browser, and only the SetupIntent's id comes back to us.
 */
export function StripeCardForm({ publishableKey, onAdded }: { publishableKey: string; onAdded(): void }) {
  const submission = useSubmit();
  const labelId = useId();
  const mountRef = useRef<HTMLDivElement>(null);
  const stripeRef = useRef<{ stripe: StripeJs; card: StripeCardElement } | null>(null);
  const [readiness, setReadiness] = useState<Readiness>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [isDefault, setDefault] = useState(false);

  useEffect(() => {
    let current = true;
    setReadiness({ status: 'loading' });
    loadStripe(publishableKey).then(
      (stripe) => {
        if (!current || !mountRef.current) return;
        const card = stripe.elements().create('card', { hidePostalCode: true });
        card.mount(mountRef.current);
        stripeRef.current = { stripe, card };
        setReadiness({ status: 'ready' });
      },
      (error: unknown) =>
        current &&
        setReadiness({ status: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      current = false;
      stripeRef.current?.card.destroy();
      stripeRef.current = null;
    };
  }, [publishableKey, attempt]);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const loaded = stripeRef.current;
    if (!loaded) return;
    const ok = await submission.run(async () => {
      const setup = await unwrap(api.POST('/api/v1/payment-methods/setup'));
      if (setup.gateway !== 'stripe')
        throw new ApiError(0, 'client_error', 'Card entry changed; reload the page.');
      const result = await loaded.stripe.confirmCardSetup(setup.clientSecret, {
        payment_method: { card: loaded.card },
      });
      if (result.error || !result.setupIntent)
        throw new ApiError(0, 'card_declined', result.error?.message ?? 'The card was declined.');
      const card = await unwrap(
        api.POST('/api/v1/payment-methods', {
          body: {
            setupIntentId: result.setupIntent.id,
            makeDefault: isDefault,
          },
        }),
      );
      return `${cardLabel(card)} was added.`;
    });
    if (ok) {
      loaded.card.clear();
      setDefault(false);
      onAdded();
    }
  }

  return (
    <form className="subform" onSubmit={(event) => void handleSubmit(event)} noValidate>
      <h3>Add a card</h3>
      <div className="field">
        <label id={labelId}>Card</label>
        <div ref={mountRef} role="group" aria-labelledby={labelId} style={cardBoxStyle} />
        <p className="field-hint">Your card details go straight to Stripe, our payment provider.</p>
      </div>
      {readiness.status === 'failed' && (
        <div className="alert alert-error" role="alert">
          <p>{readiness.message}</p>
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => setAttempt((n) => n + 1)}
          >
            Try again
          </button>
        </div>
      )}
      <label className="checkbox">
        <input type="checkbox" checked={isDefault} onChange={(event) => setDefault(event.target.checked)} />{' '}
        Make this my default card
      </label>
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={submission.isPending || readiness.status !== 'ready'}
        >
          {submission.isPending ? 'Adding…' : 'Add card'}
        </button>
      </div>
      <FormStatus submission={submission} />
    </form>
  );
}
