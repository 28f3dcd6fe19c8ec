import { alertsRepository, type AlertRow } from './alerts.repository.js';
import { nowIso, type DomainsDeps } from './domains-deps.js';
import { domainsMailTemplates } from './mail-templates.js';

export interface AlertInput {
  host: { id: string; customerId: string; domain: string };
  kind: AlertRow['kind'];
  /** What makes this alert the same as an earlier one (a fingerprint, an expiry date): sent once. */
  key: string;
  message: string;
}

/**
 * Records an alert for the host's page and, the first time, emails the customer's owners and
 * billing contacts and staff. Let's Encrypt no longer emails about expiry: this is the only notice.
 */
export async function raiseAlert(deps: DomainsDeps, alert: AlertInput): Promise<void> {
  const isNew = await alertsRepository(deps.db).insertOnce({
    id: deps.newId('dal'),
    host_id: alert.host.id,
    customer_id: alert.host.customerId,
    kind: alert.kind,
    alert_key: alert.key,
    message: alert.message,
    created_at: nowIso(deps),
    resolved_at: null,
  });
  if (!isNew) return;
  deps.logger.warn({ domain: alert.host.domain, kind: alert.kind }, alert.message);
  const [customer, staff] = await Promise.all([
    deps.recipients.customerContacts(alert.host.customerId),
    deps.recipients.staff(),
  ]);
  const input = { hostId: alert.host.id, domain: alert.host.domain, message: alert.message };
  for (const [to, audience] of [
    [customer, 'customer'],
    [staff, 'staff'],
  ] as const) {
    if (to.length === 0) continue;
    await deps.mailer.send({
      to,
      ...domainsMailTemplates.domain_alert.render({ ...input, audience }, deps.config.publicUrl),
    });
  }
}

export async function resolveAlerts(
  deps: DomainsDeps,
  hostId: string,
  kinds: AlertRow['kind'][],
): Promise<void> {
  await alertsRepository(deps.db).resolve(hostId, kinds, nowIso(deps));
}
