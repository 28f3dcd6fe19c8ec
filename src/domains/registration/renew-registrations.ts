/**
 * The registration side of auto-renewal. Billing's side (invoice, charge, refund) is the workflow's
 * (src/workflows/renew-domains.ts), which moves each renewal along these steps:
 *   invoicing → awaiting_payment → paid → (at_registrar →) renewed
 *                     ↘ cancelled          ↘ refused → refunded
 * A renewal is one row per registration and expiry renewed from, so a domain is renewed from one
 * expiry at most once; every step is a conditional update from the status its caller saw.
 */
import { AppError } from '../../lib/errors.js';
import type { RenewalStatus } from '../../platform/index.js';
import { moneyText } from './money-text.js';
import { nowIso, type RegistrationDeps } from './registration-deps.js';
import { nextCheckAt, registrationState } from './registration-schedule.js';
import {
  closeTask,
  findRegistration,
  findRenewal,
  findTaskById,
  insertRenewalIfAbsent,
  listRenewable,
  listRenewalsByStatus,
  transitionRenewal,
  updateRegistration,
  type RenewalRow,
} from './registrations.repository.js';
import { sendRegistrationMail } from './send-registration-mail.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** How long one registrar attempt holds its renewal before another worker may try again. */
const ATTEMPT_LEASE_MS = 15 * 60_000;
/** Past this many days after the expiry, registrars stop renewing (the grace period ends). */
const GIVE_UP_AFTER_EXPIRY_DAYS = 30;

/** Opens a renewal for every auto-renewing domain through the provider that expires within `leadDays`. */
export async function openDueRenewals(deps: RegistrationDeps, leadDays: number): Promise<number> {
  const nowMs = deps.clock.nowMs();
  const before = new Date(nowMs + leadDays * DAY_MS).toISOString();
  let opened = 0;
  for (const row of await listRenewable(deps.db, before)) {
    // A name in redemption needs a restore, not a renewal: that is staff's to handle.
    if (row.state === 'redemption' || row.state === 'unknown') continue;
    if (Date.parse(row.expires_at!) + GIVE_UP_AFTER_EXPIRY_DAYS * DAY_MS < nowMs) continue;
    const now = nowIso(deps);
    const isNew = await insertRenewalIfAbsent(deps.db, {
      id: deps.newId('dren'),
      customer_id: row.customer_id,
      registration_id: row.id,
      domain: row.domain!,
      cur_exp_date: row.expires_at!,
      years: 1,
      registrar: deps.registrar.name,
      status: 'invoicing',
      invoice_id: null,
      invoice_number: null,
      amount: null,
      currency: null,
      new_expires_at: null,
      attempts: 0,
      next_attempt_at: null,
      last_error: null,
      credit_note_number: null,
      created_at: now,
      updated_at: now,
    });
    if (isNew) opened += 1;
  }
  return opened;
}

export const listRenewals = (deps: RegistrationDeps, statuses: readonly RenewalStatus[]) =>
  listRenewalsByStatus(deps.db, statuses);

async function move(
  deps: RegistrationDeps,
  renewal: RenewalRow,
  from: RenewalStatus,
  changes: Partial<RenewalRow>,
  leaseBefore?: string,
): Promise<boolean> {
  return transitionRenewal(
    deps.db,
    renewal.customer_id,
    renewal.id,
    from,
    { ...changes, updated_at: nowIso(deps) },
    leaseBefore,
  );
}

export function recordInvoice(
  deps: RegistrationDeps,
  renewal: RenewalRow,
  invoice: { id: string; number: string | null; amount: number; currency: string },
): Promise<boolean> {
  return move(deps, renewal, 'invoicing', {
    status: 'awaiting_payment',
    invoice_id: invoice.id,
    invoice_number: invoice.number,
    amount: invoice.amount,
    currency: invoice.currency,
    last_error: null,
  });
}

/** Why a renewal cannot be invoiced yet (no price for its TLD): kept on the row for staff to see. */
export function recordInvoicingProblem(deps: RegistrationDeps, renewal: RenewalRow, problem: string) {
  return move(deps, renewal, 'invoicing', { last_error: problem });
}

export function recordPaid(deps: RegistrationDeps, renewal: RenewalRow): Promise<boolean> {
  return move(deps, renewal, 'awaiting_payment', { status: 'paid', next_attempt_at: nowIso(deps) });
}

export function cancelRenewal(deps: RegistrationDeps, renewal: RenewalRow, reason: string): Promise<boolean> {
  return move(deps, renewal, renewal.status, { status: 'cancelled', last_error: reason });
}

/** Exponential: an hour, two, four… at most a day between registrar attempts. */
function retryDelayMs(attempts: number): number {
  return Math.min(DAY_MS, HOUR_MS * 2 ** Math.max(0, attempts - 1));
}

/** Asks the registrar to renew every paid renewal that is due an attempt. */
export async function submitPaidRenewals(deps: RegistrationDeps): Promise<number> {
  let renewed = 0;
  const nowMs = deps.clock.nowMs();
  for (const renewal of await listRenewalsByStatus(deps.db, ['paid'])) {
    if (renewal.next_attempt_at && Date.parse(renewal.next_attempt_at) > nowMs) continue;
    if (await submitRenewal(deps, renewal)) renewed += 1;
  }
  return renewed;
}

async function submitRenewal(deps: RegistrationDeps, renewal: RenewalRow): Promise<boolean> {
  const nowMs = deps.clock.nowMs();
  const attempt = renewal.attempts + 1;
  // The lease: a second worker sees the attempt in progress and leaves it alone.
  const claimed = await move(
    deps,
    renewal,
    'paid',
    { attempts: attempt, next_attempt_at: new Date(nowMs + ATTEMPT_LEASE_MS).toISOString() },
    new Date(nowMs).toISOString(),
  );
  if (!claimed) return false;
  const outcome = await deps.registrar.renew({
    renewalId: renewal.id,
    customerId: renewal.customer_id,
    domain: renewal.domain,
    curExpDate: renewal.cur_exp_date,
    years: renewal.years,
    attempt,
  });
  const current = { ...renewal, attempts: attempt };
  switch (outcome.kind) {
    case 'renewed':
      await completeRenewal(
        deps,
        current,
        'paid',
        await confirmedExpiry(deps, renewal.domain, outcome.expiresAt),
      );
      return true;
    case 'pending':
      await move(deps, current, 'paid', { status: 'at_registrar', next_attempt_at: null, last_error: null });
      return false;
    case 'refused':
      await move(deps, current, 'paid', {
        status: 'refused',
        next_attempt_at: null,
        last_error: outcome.reason,
      });
      return false;
    case 'failed': {
      const givesUpAt = Date.parse(renewal.cur_exp_date) + GIVE_UP_AFTER_EXPIRY_DAYS * DAY_MS;
      const next = nowMs + retryDelayMs(attempt);
      if (next > givesUpAt) {
        await move(deps, current, 'paid', {
          status: 'refused',
          next_attempt_at: null,
          last_error: `the registrar did not renew it before the grace period ended: ${outcome.reason}`,
        });
      } else {
        deps.logger.warn(
          { domain: renewal.domain, attempt, reason: outcome.reason },
          'registrar renewal failed',
        );
        await move(deps, current, 'paid', {
          next_attempt_at: new Date(next).toISOString(),
          last_error: outcome.reason,
        });
      }
      return false;
    }
  }
}

/**
 * The expiry after a renewal, as a second source tells it: the registrar's own `info` where it has
 * one, else RDAP. A source that cannot answer now leaves the registrar's word; the weekly RDAP
 * check corrects the registration later in any case.
 */
async function confirmedExpiry(deps: RegistrationDeps, domain: string, stated: string): Promise<string> {
  try {
    const fromRegistrar = await deps.registrar.currentExpiry(domain);
    if (fromRegistrar) return fromRegistrar;
    const answer = await deps.rdap.lookup(domain);
    if (answer.kind === 'found' && answer.domain.expiresAt && answer.domain.expiresAt >= stated)
      return answer.domain.expiresAt;
  } catch (error) {
    deps.logger.warn({ err: error, domain }, 'could not confirm the new expiry; keeping the registrar’s');
  }
  return stated;
}

/** Renewed: the registration takes the new expiry, and the customer gets the receipt. */
async function completeRenewal(
  deps: RegistrationDeps,
  renewal: RenewalRow,
  from: RenewalStatus,
  expiresAt: string,
): Promise<boolean> {
  const moved = await move(deps, renewal, from, {
    status: 'renewed',
    new_expires_at: expiresAt,
    next_attempt_at: null,
    last_error: null,
  });
  if (!moved) return false;
  const registration = await findRegistration(deps.db, renewal.customer_id, renewal.registration_id);
  if (registration) {
    const nowMs = deps.clock.nowMs();
    const statuses = JSON.parse(registration.rdap_statuses) as string[];
    await updateRegistration(deps.db, renewal.customer_id, registration.id, {
      expires_at: expiresAt,
      state: registrationState(expiresAt, statuses, nowMs),
      next_check_at: nextCheckAt(expiresAt, nowMs).toISOString(),
      updated_at: nowIso(deps),
    });
    await sendRegistrationMail(deps, renewal.customer_id, {
      kind: 'renewed',
      domain: renewal.domain,
      hostId: registration.host_id,
      expiresAt,
      invoiceNumber: renewal.invoice_number,
      amount: moneyText(renewal.amount, renewal.currency),
    });
  }
  return true;
}

/** The payment went back (refund or credit note): told to the customer, never left silent. */
export async function recordRefund(
  deps: RegistrationDeps,
  renewal: RenewalRow,
  creditNoteNumber: string | null,
): Promise<boolean> {
  const moved = await move(deps, renewal, 'refused', {
    status: 'refunded',
    credit_note_number: creditNoteNumber,
  });
  if (!moved) return false;
  const registration = await findRegistration(deps.db, renewal.customer_id, renewal.registration_id);
  await sendRegistrationMail(deps, renewal.customer_id, {
    kind: 'renewal_refunded',
    domain: renewal.domain,
    hostId: registration?.host_id ?? '',
    expiresAt: renewal.cur_exp_date,
    reason: renewal.last_error ?? 'the registrar refused',
    creditNoteNumber,
    amount: moneyText(renewal.amount, renewal.currency),
  });
  return true;
}

/** Staff renewed it at their registrar: the task closes and the renewal completes. */
export async function completeTask(
  deps: RegistrationDeps,
  taskId: string,
  input: { expiresAt: string; staffName: string },
): Promise<void> {
  const task = await findTaskById(deps.db, taskId);
  if (!task) throw new AppError('registrar_task_not_found');
  if (task.status !== 'open') throw new AppError('registrar_task_closed');
  if (input.expiresAt.slice(0, 10) <= task.cur_exp_date.slice(0, 10))
    throw new AppError('renewal_expiry_invalid', {
      details: { currentExpiry: task.cur_exp_date },
    });
  const closed = await closeTask(deps.db, taskId, {
    status: 'done',
    new_expires_at: input.expiresAt,
    note: null,
    done_by: input.staffName,
    done_at: nowIso(deps),
  });
  if (!closed) throw new AppError('registrar_task_closed');
  const renewal = (await findRenewal(deps.db, task.customer_id, task.renewal_id))!;
  await completeRenewal(deps, renewal, 'at_registrar', input.expiresAt);
}

/** Staff could not renew it (the registrar refused): the renewal is refused, and refunded next. */
export async function refuseTask(
  deps: RegistrationDeps,
  taskId: string,
  input: { reason: string; staffName: string },
): Promise<void> {
  const task = await findTaskById(deps.db, taskId);
  if (!task) throw new AppError('registrar_task_not_found');
  const closed = await closeTask(deps.db, taskId, {
    status: 'refused',
    new_expires_at: null,
    note: input.reason,
    done_by: input.staffName,
    done_at: nowIso(deps),
  });
  if (!closed) throw new AppError('registrar_task_closed');
  const renewal = (await findRenewal(deps.db, task.customer_id, task.renewal_id))!;
  await move(deps, renewal, 'at_registrar', { status: 'refused', last_error: input.reason });
}
