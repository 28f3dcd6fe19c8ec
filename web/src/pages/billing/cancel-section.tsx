import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { CancelResult, Subscription } from '../../api/views';
import { Day } from '../../components/billing/billing-dates';
import { ConfirmDialog } from '../../components/confirm-dialog';

type When = 'now' | 'period_end';

/** Cancel at the end of the period (the host keeps working until then) or at once. */
export function CancelSection({
  subscription,
  onChanged,
}: {
  subscription: Subscription;
  onChanged(): void;
}) {
  const [when, setWhen] = useState<When | null>(null);
  const [result, setResult] = useState<CancelResult | null>(null);
  const { timeZone } = subscription;
  return (
    <section className="panel" aria-labelledby="cancel-title">
      <h2 id="cancel-title">Cancel</h2>
      <p>
        Cancelling at the end of the period keeps the host running until{' '}
        <Day value={subscription.currentPeriodEnd} timeZone={timeZone} />. Cancelling now stops it today; time
        already paid for comes back as account credit.
      </p>
      <div className="row-actions row-actions-start">
        <button
          type="button"
          className="button button-secondary"
          disabled={subscription.cancelAt !== null}
          onClick={() => setWhen('period_end')}
        >
          Cancel at period end
        </button>
        <button type="button" className="button button-danger-outline" onClick={() => setWhen('now')}>
          Cancel now
        </button>
      </div>
      <div aria-live="polite">
        {result && (
          <p className="alert alert-success">
            The subscription ends on <Day value={result.endsAt} timeZone={timeZone} />.
          </p>
        )}
      </div>
      <ConfirmDialog
        title={when === 'now' ? 'Cancel now?' : 'Cancel at the end of the period?'}
        isOpen={when !== null}
        isDanger={when === 'now'}
        confirmLabel={when === 'now' ? 'Cancel now' : 'Cancel at period end'}
        onClose={() => setWhen(null)}
        onConfirm={async () => {
          setResult(
            await unwrap(
              api.POST('/api/v1/subscriptions/{id}/cancel', {
                params: { path: { id: subscription.id } },
                body: {
                  atPeriodEnd: when !== 'now',
                },
              }),
            ),
          );
          onChanged();
        }}
      >
        <p>
          {when === 'now'
            ? 'The host stops working at once and its members cannot sign in any more.'
            : 'The host keeps working until the end of the period, then stops.'}
        </p>
      </ConfirmDialog>
    </section>
  );
}
