import type { RegistrationDeps } from './registration-deps.js';
import { nowIso } from './registration-deps.js';
import {
  claimReminder,
  insertRegistrationIfAbsent,
  listDueRegistrations,
  listRegistrationHostIds,
  updateRegistration,
  type RegistrationRow,
} from './registrations.repository.js';
import type { RdapDomain } from './rdap-client.js';
import {
  dueReminder,
  isReservedName,
  nextCheckAt,
  registrableCandidates,
  registrationState,
} from './registration-schedule.js';
import { sendRegistrationMail } from './send-registration-mail.js';

const BATCH = 100;
/** After a failed look-up, ask again in an hour rather than waiting for the regular check. */
const RETRY_MS = 3_600_000;

export interface HostRef {
  id: string;
  customerId: string;
  domain: string;
}

/** Every custom-domain host gets its registration row (hosts under the hosted domain are ours). */
export async function trackNewHosts(deps: RegistrationDeps, hosts: readonly HostRef[]): Promise<number> {
  const known = await listRegistrationHostIds(deps.db);
  const now = nowIso(deps);
  let added = 0;
  for (const host of hosts) {
    if (known.has(host.id) || !deps.isCustomDomain(host.domain)) continue;
    await insertRegistrationIfAbsent(deps.db, {
      id: deps.newId('dreg'),
      customer_id: host.customerId,
      host_id: host.id,
      host_domain: host.domain,
      domain: null,
      state: 'unknown',
      expires_at: null,
      rdap_statuses: '[]',
      registrar_name: null,
      is_through_provider: 0,
      auto_renew: 0,
      checked_at: null,
      next_check_at: now,
      last_error: null,
      created_at: now,
      updated_at: now,
    });
    added += 1;
  }
  return added;
}

/** The registered name and its facts: the longest candidate the registry knows. */
async function lookUp(deps: RegistrationDeps, row: RegistrationRow): Promise<RdapDomain | null> {
  const candidates = row.domain ? [row.domain] : registrableCandidates(row.host_domain);
  for (const candidate of candidates) {
    const answer = await deps.rdap.lookup(candidate);
    if (answer.kind === 'found') return answer.domain;
  }
  return null;
}

/** Asks RDAP about one registration, stores what it says, and sends the reminder due, if any. */
export async function refreshRegistration(
  deps: RegistrationDeps,
  row: RegistrationRow,
): Promise<RegistrationRow> {
  const nowMs = deps.clock.nowMs();
  const now = nowIso(deps);
  let changes: Partial<RegistrationRow>;
  if (isReservedName(row.host_domain)) {
    // A test or documentation name (`chat.example.test`): no registry to ask, nothing to remind.
    changes = {
      state: 'unknown',
      checked_at: now,
      next_check_at: new Date(nowMs + 7 * 86_400_000).toISOString(),
      last_error: 'This name is reserved for testing (RFC 2606, RFC 6761): no registry serves it.',
      updated_at: now,
    };
    await updateRegistration(deps.db, row.customer_id, row.id, changes);
    return { ...row, ...changes };
  }
  try {
    const found = await lookUp(deps, row);
    const expiresAt = found?.expiresAt ?? null;
    const statuses = found?.statuses ?? [];
    changes = {
      domain: found?.domain ?? row.domain,
      expires_at: expiresAt,
      rdap_statuses: JSON.stringify(statuses),
      registrar_name: found?.registrarName ?? null,
      state: registrationState(expiresAt, statuses, nowMs),
      checked_at: now,
      next_check_at: nextCheckAt(expiresAt, nowMs).toISOString(),
      last_error: found ? null : 'The registry does not know this domain.',
      updated_at: now,
    };
  } catch (error) {
    // Keep what was known; its state still follows the clock.
    changes = {
      state: registrationState(row.expires_at, JSON.parse(row.rdap_statuses) as string[], nowMs),
      next_check_at: new Date(nowMs + RETRY_MS).toISOString(),
      last_error: (error as Error).message,
      updated_at: now,
    };
    deps.logger.warn({ err: error, domain: row.domain ?? row.host_domain }, 'RDAP look-up failed');
  }
  await updateRegistration(deps.db, row.customer_id, row.id, changes);
  const updated = { ...row, ...changes };
  await sendDueReminder(deps, updated);
  return updated;
}

/**
 * The reminder due now, exactly once: its row's unique key (domain, expiry, offset) is claimed in
 * the transaction that stores the mail, so a second pass, or a second worker, sends nothing.
 */
export async function sendDueReminder(deps: RegistrationDeps, row: RegistrationRow): Promise<boolean> {
  if (!row.expires_at || !row.domain) return false;
  const offset = dueReminder(row.expires_at, deps.clock.nowMs());
  if (offset === null) return false;
  const recipients = (await deps.contacts([row.customer_id])).get(row.customer_id) ?? [];
  const domain = row.domain;
  const expiresAt = row.expires_at;
  return deps.db.transaction().execute(async (tx) => {
    const claimed = await claimReminder(tx, {
      id: deps.newId('drem'),
      customer_id: row.customer_id,
      registration_id: row.id,
      reminder_key: `${row.id}:${expiresAt}:${offset}`,
      domain,
      expires_at: expiresAt,
      offset_days: offset,
      recipients: JSON.stringify(recipients),
      sent_at: nowIso(deps),
      dismissed_at: null,
    });
    if (!claimed) return false;
    await sendRegistrationMail(
      deps,
      row.customer_id,
      {
        kind: 'expiry_reminder',
        domain,
        hostId: row.host_id,
        hostDomain: row.host_domain,
        expiresAt,
        offsetDays: offset,
        isAutoRenewing: row.auto_renew === 1 && row.is_through_provider === 1,
        registrarName: row.registrar_name,
      },
      { tx, recipients },
    );
    return true;
  });
}

/** The scheduler's sweep: every registration whose check is due. */
export async function refreshDueRegistrations(deps: RegistrationDeps): Promise<number> {
  let checked = 0;
  for (;;) {
    const due = await listDueRegistrations(deps.db, nowIso(deps), BATCH);
    if (due.length === 0) return checked;
    for (const row of due) await refreshRegistration(deps, row);
    checked += due.length;
  }
}
