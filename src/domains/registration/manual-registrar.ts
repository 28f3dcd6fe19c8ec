import type { DomainsDb } from './registration-deps.js';
import type { IdSource } from '../../platform/index.js';
import type { Clock } from '../../lib/clock.js';
import { insertTaskIfAbsent } from './registrations.repository.js';
import type { RegistrarPort } from './registrar-port.js';

/**
 * The manual registrar: a renewal becomes a task in the staff queue (one per renewal, however often
 * asked). Staff renew at their registrar and record the new expiry, or record that it refused.
 */
export function createManualRegistrar(deps: { db: DomainsDb; clock: Clock; newId: IdSource }): RegistrarPort {
  return {
    name: 'manual',
    async renew(request) {
      await insertTaskIfAbsent(deps.db, {
        id: deps.newId('dtask'),
        customer_id: request.customerId,
        renewal_id: request.renewalId,
        domain: request.domain,
        cur_exp_date: request.curExpDate,
        years: request.years,
        status: 'open',
        new_expires_at: null,
        note: null,
        done_by: null,
        created_at: deps.clock.now().toISOString(),
        done_at: null,
      });
      return { kind: 'pending' };
    },
    // Staff typed the new expiry themselves; RDAP confirms it.
    currentExpiry: async () => null,
  };
}
