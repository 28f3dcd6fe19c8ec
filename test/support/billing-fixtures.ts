/** Billing fixtures shared by the integration tests: customers with a host, cards, the Team plan, time. */
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import type { Dialect } from '../../src/platform/db/index.js';
import { startTestApp, type TestApp } from './app.js';
import { call, type ApiClient } from './api-client.js';
import { signUpCustomer } from './actors.js';

/**
 * The product on `dialect` with its recurring billing jobs registered: the first pass of due jobs
 * schedules the hourly billing sweep, so that later passes (and `liveUntil`) run its due slots.
 */
export async function startBillingApp(dialect: Dialect): Promise<TestApp> {
  const t = await startTestApp(dialect);
  await t.ctx.platform.jobs.runDue();
  return t;
}

/** The sandbox card that always succeeds. */
export const SANDBOX_CARD = '4242424242424242';

/**
 * Adds a sandbox card to the customer: by default the one that always succeeds, valid until 12/2030.
 */
export function addSandboxCard(
  t: Pick<TestApp, 'ctx'>,
  customerId: string,
  card: { number?: string; expYear?: number; makeDefault?: boolean } = {},
) {
  const { number = SANDBOX_CARD, expYear = 2030, makeDefault } = card;
  return t.ctx.billing.paymentMethods.add(customerId, {
    number,
    expMonth: 12,
    expYear,
    cvc: '123',
    ...(makeDefault === undefined ? {} : { makeDefault }),
  });
}

/** Adds a sandbox card through the API as `who`, as the dashboard does. */
export function addCardThroughApi(
  t: TestApp,
  who: ApiClient,
  number = '4242 4242 4242 4242',
): Promise<LightMyRequestResponse> {
  return call(t, who, 'POST', '/payment-methods', { number, expMonth: 12, expYear: 2030, cvc: '123' });
}

/** Starts the Team plan, billed monthly in euros, on the host (`extra`: seats and the like). */
export function subscribeTeamMonthly(
  t: Pick<TestApp, 'ctx'>,
  customerId: string,
  hostId: string,
  extra: { seats?: number } = {},
) {
  return t.ctx.billing.startSubscription({
    customerId,
    hostId,
    planId: 'plan_team',
    cycle: 'monthly',
    currency: 'EUR',
    ...extra,
  });
}

/** A new customer with one host and a billing profile in Berlin (19% VAT) mailing billing@`domain`. */
export async function customerWithHost(t: TestApp, domain: string, options: { organization?: string } = {}) {
  const customer = await signUpCustomer(t, options);
  const host = await t.ctx.tenancy.hosts.create({ customerId: customer.customerId, domain });
  await t.ctx.billing.profile.update(customer.customerId, {
    email: `billing@${domain}`,
    country: 'DE',
    timeZone: 'Europe/Berlin',
  });
  return { customer, customerId: customer.customerId, hostId: host.id };
}

/** A customer with a card and a Team subscription whose first invoice is open and due now. */
export async function openInvoice(t: TestApp, domain: string, card = SANDBOX_CARD) {
  const customer = await signUpCustomer(t);
  const host = await t.ctx.tenancy.hosts.create({ customerId: customer.customerId, domain });
  await addSandboxCard(t, customer.customerId, { number: card });
  await subscribeTeamMonthly(t, customer.customerId, host.id);
  const [invoice] = (await t.ctx.billing.invoices.list(customer.customerId, { limit: 5 })).items;
  assert.equal(invoice!.status, 'open');
  return { customerId: customer.customerId, invoice: invoice! };
}

/** Moves the clock to `date` (10:00 UTC) one day at a time, running due jobs each day, as production would. */
export async function liveUntil(t: TestApp, date: string): Promise<void> {
  const target = Date.parse(`${date}T10:00:00Z`);
  while (t.clock.nowMs() < target) {
    t.clock.set(new Date(Math.min(t.clock.nowMs() + 86_400_000, target)));
    await t.ctx.platform.jobs.runDue();
  }
}
