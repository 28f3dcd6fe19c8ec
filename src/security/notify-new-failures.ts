import type { HostView } from '../tenancy/index.js';
import { allPages } from './all-pages.js';
import type { CheckResult } from './checks/check-result.js';
import { securityMailTemplates } from './mail-templates.js';
import type { SecurityDb, SecurityDeps } from './security-deps.js';

/**
 * Stores the audit and, in the same transaction, queues the email about its new failures to the
 * customer's owners and to staff: the run and its email exist together or not at all.
 */
export async function notifyNewFailures(
  deps: SecurityDeps,
  host: Pick<HostView, 'id' | 'customerId' | 'domain'>,
  failures: readonly CheckResult[],
  store: (tx: SecurityDb) => Promise<void>,
): Promise<void> {
  const recipients =
    failures.length === 0 ? [] : await Promise.all([owners(deps, host.customerId), deps.ports.staffEmails()]);
  await deps.db.transaction().execute(async (tx) => {
    await store(tx);
    const [customer = [], staff = []] = recipients;
    const input = {
      hostId: host.id,
      domain: host.domain,
      failures: failures.map((f) => ({ title: f.title, summary: f.summary, fix: f.fix })),
    };
    for (const [to, audience] of [
      [customer, 'customer'],
      [staff, 'staff'],
    ] as const) {
      if (to.length === 0) continue;
      await deps.mailer.send(
        {
          to,
          ...securityMailTemplates.security_audit_failures.render(
            { ...input, audience },
            deps.config.publicUrl,
          ),
        },
        { tx },
      );
    }
  });
  if (failures.length > 0)
    deps.logger.warn(
      { domain: host.domain, checks: failures.map((f) => f.check) },
      'security audit: new failures',
    );
}

async function owners(deps: SecurityDeps, customerId: string): Promise<string[]> {
  const team = await allPages((query) => deps.accounts.listTeam(customerId, query));
  return team.filter((person) => person.role === 'owner').map((person) => person.email);
}
