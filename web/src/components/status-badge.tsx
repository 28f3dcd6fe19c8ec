const tone: Record<string, string> = {
  active: 'badge-success',
  verified: 'badge-success',
  suspended: 'badge-warning',
  disabled: 'badge-neutral',
  terminated: 'badge-danger',
  closed: 'badge-neutral',
  stored: 'badge-neutral',
  queued: 'badge-warning',
  sent: 'badge-success',
  failed: 'badge-danger',
  'expiring soon': 'badge-warning',
  'expired (grace period)': 'badge-danger',
  'being deleted by the registry': 'badge-danger',
  expiring: 'badge-warning',
  expired: 'badge-danger',
  redemption: 'badge-danger',
  investigating: 'badge-danger',
  identified: 'badge-warning',
  monitoring: 'badge-warning',
  resolved: 'badge-success',
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge ${tone[status] ?? 'badge-neutral'}`}>{status}</span>;
}
