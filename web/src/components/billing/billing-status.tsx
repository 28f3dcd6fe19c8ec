const tone: Record<string, string> = {
  incomplete: 'badge-warning',
  trial: 'badge-info',
  active: 'badge-success',
  past_due: 'badge-warning',
  suspended: 'badge-danger',
  cancelled: 'badge-neutral',
  terminated: 'badge-danger',
  draft: 'badge-neutral',
  open: 'badge-warning',
  paid: 'badge-success',
  void: 'badge-neutral',
  pending: 'badge-neutral',
  succeeded: 'badge-success',
  failed: 'badge-danger',
  unknown: 'badge-warning',
  refunded: 'badge-neutral',
};

/** The state of a subscription, invoice or payment, in words and colour. */
export function BillingStatus({ status }: { status: string }) {
  return <span className={`badge ${tone[status] ?? 'badge-neutral'}`}>{status.replaceAll('_', ' ')}</span>;
}
