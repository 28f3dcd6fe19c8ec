import type { HostView } from '../tenancy/index.js';
import type { IncidentsDeps } from './incidents-deps.js';
import type { IncidentHostRow, IncidentRow } from './incidents.repository.js';
import { incidentsMailTemplates } from './mail-templates.js';

const PAGE = 200;

/** Every host's customer and domain, for an incident that affects every host. */
async function allHosts(deps: IncidentsDeps): Promise<Pick<HostView, 'customerId' | 'domain'>[]> {
  const hosts: Pick<HostView, 'customerId' | 'domain'>[] = [];
  let before: string | undefined;
  do {
    const page = await deps.tenancy.hosts.listAll({ limit: PAGE, before });
    hosts.push(...page.items.filter((host) => host.status !== 'terminated'));
    before = page.nextCursor ?? undefined;
  } while (before);
  return hosts;
}

/**
 * Emails each affected customer once, naming only that customer's hosts (none named when every host
 * is affected). The mails go through the outbox, so a failing SMTP server retries them.
 */
export async function notifyCustomers(
  deps: IncidentsDeps,
  incident: IncidentRow,
  hosts: IncidentHostRow[],
  template: keyof typeof incidentsMailTemplates,
  message: string,
): Promise<void> {
  const isAll = incident.is_all_hosts === 1;
  const byCustomer = new Map<string, string[]>();
  const affected = isAll
    ? await allHosts(deps)
    : hosts.map((host) => ({ customerId: host.customer_id, domain: host.domain }));
  for (const host of affected) {
    const domains = byCustomer.get(host.customerId) ?? [];
    byCustomer.set(host.customerId, isAll ? domains : [...domains, host.domain]);
  }
  for (const [customerId, domains] of byCustomer) {
    const to = await deps.recipients.customerContacts(customerId);
    if (to.length === 0) continue;
    const mail = incidentsMailTemplates[template].render(
      { title: incident.title, domains, message },
      deps.config.publicUrl,
    );
    await deps.mailer.send({ to, ...mail });
  }
}
