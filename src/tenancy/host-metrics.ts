import type { Metrics } from '../platform/index.js';
import { HOST_STATUSES } from './host-status-policy.js';
import { countAllHostsByStatus } from './hosts.repository.js';
import type { TenancyDeps } from './tenancy-deps.js';

/**
 * `imhost_hosts{status}`: recounted from the database at start and after every host change made
 * in this process. A change made by the CLI in another process shows at the next change here.
 */
export function trackHostsByStatus(
  metrics: Metrics,
  deps: Pick<TenancyDeps, 'db' | 'events'>,
  reportError: (error: unknown) => void,
): void {
  const gauge = metrics.gauge({
    name: 'imhost_hosts',
    help: 'IM hosts by status.',
    labelNames: ['status'],
  });
  const refresh = () => {
    countAllHostsByStatus(deps.db)
      .then((counts) => {
        for (const status of HOST_STATUSES) {
          gauge.set({ status }, counts.find((entry) => entry.status === status)?.count ?? 0);
        }
      })
      .catch(reportError);
  };
  refresh();
  deps.events.on('host.created', refresh);
  deps.events.on('host.status_changed', refresh);
  deps.events.on('host.deleted', refresh);
}
