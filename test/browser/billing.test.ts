import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestApp } from '../support/app.js';
import {
  customerWithHost,
  gone,
  heading,
  openDashboard,
  shown,
  signIn,
  type Browser,
} from '../support/browser.js';
import { pdfText } from '../support/pdf.js';

const DAY = 86_400_000;
const email = 'hedy@example.org';
const password = 'frequency-hopping-1942';

/** "12.34" for 1234 minor units, built from the integer as the dashboard does. */
function decimal(minor: number): string {
  return `${Math.trunc(minor / 100)}.${String(Math.abs(minor) % 100).padStart(2, '0')}`;
}

/**
 * A customer on the Team plan who has paid two months with a Mastercard expiring soon, billed by the
 * scheduler as the simulated clock moves.
 */
async function customerWithTwoPaidMonths(t: TestApp) {
  const host = await customerWithHost(t, {
    password,
    email,
    organization: 'Spread Spectrum GmbH',
    domain: 'chat.spread.example',
  });
  const { billing } = t.ctx;
  await billing.profile.update(host.customerId, {
    email: 'invoices@spread.example',
    country: 'DE',
    timeZone: 'Europe/Berlin',
  });
  await billing.paymentMethods.add(host.customerId, {
    number: '5555 5555 5555 4444',
    expMonth: 3,
    expYear: 2026,
    cvc: '123',
  });
  const subscription = await billing.startSubscription({
    customerId: host.customerId,
    hostId: host.hostId,
    planId: 'plan_team',
    cycle: 'monthly',
    currency: 'EUR',
  });
  await t.ctx.platform.jobs.runDue();
  // The renewal is issued seven days before the next period and charged on its first day.
  t.clock.advance(24 * DAY);
  await t.ctx.platform.jobs.runDue();
  t.clock.advance(7 * DAY);
  await t.ctx.platform.jobs.runDue();
  // Mid-period, so a plan change is prorated.
  t.clock.advance(10 * DAY);
  await t.ctx.platform.jobs.runDue();
  const invoices = await billing.invoices.list(host.customerId, { limit: 10 });
  assert.deepEqual(
    invoices.items.map((invoice) => [invoice.kind, invoice.status]),
    [
      ['renewal', 'paid'],
      ['initial', 'paid'],
    ],
  );
  return { customerId: host.customerId, subscriptionId: subscription.id, invoices: invoices.items };
}

/** Puts the host on the Team plan, monthly, paid with a card of this number (expiring 12/2030). */
async function subscribeWithCard(
  t: TestApp,
  host: { customerId: string; hostId: string },
  number: string,
  currency: string,
) {
  await t.ctx.billing.paymentMethods.add(host.customerId, {
    number,
    expMonth: 12,
    expYear: 2030,
    cvc: '123',
  });
  await t.ctx.billing.startSubscription({ ...host, planId: 'plan_team', cycle: 'monthly', currency });
}

describe('billing pages in chromium', () => {
  let t: TestApp;
  let browser: Browser;
  // The first pass registers the billing sweep; later passes run its due slots.
  openDashboard({ prepare: (app) => app.ctx.platform.jobs.runDue().then(() => undefined) }, (opened) => {
    ({ t, browser } = opened);
  });

  test('view invoices, update the card, change plan with the exact preview', async () => {
    const { page } = browser;
    const { customerId, subscriptionId, invoices } = await customerWithTwoPaidMonths(t);
    const [renewal] = invoices;
    assert.ok(renewal?.number);

    await signIn(page, email, password);

    // The host page shows its plan and next charge.
    await page.getByRole('link', { name: 'chat.spread.example' }).click();
    await shown(page.getByRole('heading', { name: 'Plan & billing' }));
    const subscription = await t.ctx.billing.subscriptions.get(customerId, subscriptionId);
    assert.ok(subscription.next);
    await shown(page.getByText(`€${decimal(subscription.next.total)}`).first());
    await shown(page.getByRole('link', { name: 'Team plan' }));
    await browser.screenshot('billing-host');

    // View invoices.
    await page.getByRole('link', { name: 'Billing', exact: true }).click();
    await shown(heading(page, 'Billing'));
    const plan = page.getByRole('listitem').filter({ hasText: 'Next billing date' });
    assert.match(
      await (await shown(plan)).innerText(),
      new RegExp(`Team · monthly · ${subscription.seats} seats`),
    );
    assert.match(await plan.innerText(), new RegExp(`Amount due\\s+€${decimal(subscription.next.total)}`));
    const invoiceRows = page.getByRole('region', { name: 'Invoices' }).getByRole('row', { name: /paid/ });
    await shown(invoiceRows.first());
    assert.equal(await invoiceRows.count(), 2);
    await browser.screenshot('billing-overview');

    await page.getByRole('link', { name: renewal.number }).click();
    await shown(heading(page, `Invoice ${renewal.number}`));
    await shown(page.getByRole('row', { name: /Team/ }).first());
    await shown(page.getByRole('row', { name: `Total €${decimal(renewal.total)}` }));
    await shown(page.getByRole('row', { name: /Tax \(19/ }));
    const pdfLink = page.getByRole('link', { name: 'Download PDF' });
    const pdf = await browser.context.request.get((await pdfLink.getAttribute('href')) ?? '');
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    await page
      .getByLabel(`Your question about invoice ${renewal.number}`)
      .fill('Why is VAT charged at 19 % on this renewal? We are a business in Germany.');
    await page.getByRole('button', { name: 'Ask a billing question' }).click();
    await shown(page.getByText('Your question was sent to our billing team.'));
    await shown(page.getByRole('link', { name: 'Follow your question in Support' }));
    await browser.screenshot('billing-invoice');

    // Update the card: add a new one, make it the default, remove the old one.
    await page.getByRole('link', { name: '← Billing' }).click();
    const cards = page.getByRole('region', { name: 'Payment methods' });
    await shown(cards.getByText('Mastercard ending in 4444', { exact: true }));
    await cards.getByLabel('Card number').fill('4000 0000 0000 0002');
    await cards.getByLabel('Expiry (MM/YY)').fill('12/30');
    await cards.getByLabel('CVC').fill('123');
    await cards.getByRole('button', { name: 'Add card' }).click();
    assert.match(await (await shown(cards.getByRole('alert'))).innerText(), /declined/i);
    await cards.getByLabel('Card number').fill('4242 4242 4242 4242');
    await cards.getByRole('button', { name: 'Add card' }).click();
    await shown(cards.getByText('Visa ending in 4242 was added.'));
    assert.equal(await cards.getByLabel('Card number').inputValue(), '');
    await cards.getByRole('button', { name: 'Make Visa ending in 4242 the default' }).click();
    await shown(cards.getByText('Visa ending in 4242 is now your default card.'));
    await cards.getByRole('button', { name: 'Remove Mastercard ending in 4444' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove Mastercard ending in 4444?' });
    await dialog.getByRole('button', { name: 'Remove card' }).click();
    await gone(cards.getByText('Mastercard ending in 4444', { exact: true }));
    await shown(cards.getByText('Expires 12/2030'));
    await browser.screenshot('billing-cards');
    const methods = await t.ctx.billing.paymentMethods.list(customerId);
    assert.deepEqual(
      methods.map((card) => [card.brand, card.last4, card.isDefault]),
      [['visa', '4242', true]],
    );

    // Change plan: the preview shown is the server's quote; confirming produces the same invoice.
    await page.getByRole('link', { name: 'chat.spread.example' }).click();
    await shown(heading(page, 'Team plan'));
    await shown(page.getByRole('heading', { name: 'Coming cycles' }));
    await page.getByLabel('Plan', { exact: true }).selectOption({ label: 'Business' });
    const responded = page.waitForResponse((response) => response.url().endsWith('/change-plan'));
    await page.getByRole('button', { name: 'Preview the change' }).click();
    const preview = (await (await responded).json()) as { quote: { total: number }; isPreview: boolean };
    assert.equal(preview.isPreview, true);
    assert.ok(preview.quote.total > 0);
    const quote = page.getByLabel('Price of the change');
    await shown(quote.getByText(`You will be charged €${decimal(preview.quote.total)} now`));
    await browser.screenshot('billing-change-preview');
    assert.equal((await t.ctx.billing.subscriptions.get(customerId, subscriptionId)).planId, 'plan_team');
    await quote.getByRole('button', { name: 'Confirm the change' }).click();
    await shown(page.getByText('Your plan has been changed.'));
    await shown(heading(page, 'Business plan'));
    const planInvoices = page.getByRole('region', { name: 'Invoices for this plan' });
    await shown(planInvoices.getByRole('row', { name: /Plan change/ }));
    await page.getByRole('link', { name: 'View the invoice for this change' }).click();
    await shown(page.getByText('Plan change').first());
    await shown(page.getByRole('row', { name: `Total €${decimal(preview.quote.total)}` }));
    await browser.screenshot('billing-proration-invoice');
    await page.getByRole('button', { name: 'Pay now' }).click();
    await shown(page.getByText('Thank you: the invoice is paid.'));
    await gone(page.getByRole('button', { name: 'Pay now' }));

    await page.getByRole('link', { name: '← Billing' }).click();
    await shown(page.getByRole('listitem').filter({ hasText: /Business · monthly/ }));
    await shown(page.getByRole('row', { name: /Plan change/ }));
    const [latest] = (await t.ctx.billing.invoices.list(customerId, { limit: 1 })).items;
    assert.equal(latest?.kind, 'proration');
    assert.equal(latest.total, preview.quote.total);
    assert.equal(latest.status, 'paid');

    // The host page shows the limits the IM server now enforces: the Business plan's.
    const { hostId } = await t.ctx.billing.subscriptions.get(customerId, subscriptionId);
    await page.goto(`/hosts/${hostId}`);
    const limits = page.getByRole('region', { name: 'Plan limits' });
    await shown(limits.getByText('0 of 1000'));
    await shown(limits.getByText('0 bytes of 102400 MB used'));
    await shown(limits.getByText('kept 3650 days'));
    await shown(limits.getByText('4096 KB per member (avatars, encryption keys, bookmarks)'));
    await page.goBack();

    // Cancel at the end of the period: the host keeps working until then.
    await page.getByRole('link', { name: 'chat.spread.example' }).click();
    await shown(heading(page, 'Business plan'));
    await page.getByRole('button', { name: 'Cancel at period end' }).click();
    await page
      .getByRole('dialog', { name: 'Cancel at the end of the period?' })
      .getByRole('button', { name: 'Cancel at period end' })
      .click();
    await shown(page.getByText(/The subscription ends on/));
    await shown(page.getByText('Ends on', { exact: true }));
    const cancelled = await t.ctx.billing.subscriptions.get(customerId, subscriptionId);
    assert.equal(cancelled.cancelAt, cancelled.currentPeriodEnd);
    assert.deepEqual(browser.problems, []);
  });

  test('pay-as-you-go: usage so far this period', async () => {
    const { page } = browser;
    const { customerId, hostId } = await customerWithHost(t, {
      password,
      email: 'meter@example.org',
      organization: 'Metered Chat',
      domain: 'meter.example',
    });
    const subscription = await t.ctx.billing.startSubscription({
      customerId,
      hostId,
      planId: 'plan_payg',
      cycle: 'monthly',
      currency: 'EUR',
    });
    // What the IM server reports as members sign in and send messages.
    for (const [metric, quantity] of [
      ['active_members', 12],
      ['messages', 25_000],
    ] as const) {
      await t.ctx.billing.recordUsage({ customerId, hostId, metric, quantity, at: t.clock.now() });
    }
    const usage = await t.ctx.billing.subscriptions.usage(customerId, subscription.id);
    assert.ok(usage.total > 0);
    await browser.context.clearCookies();
    await signIn(page, 'meter@example.org', password);
    await page.goto(`/billing/subscriptions/${subscription.id}`);
    await shown(heading(page, 'Pay as you go plan'));
    const section = page.getByRole('region', { name: 'Usage so far this period' });
    await shown(section.getByRole('row', { name: /Monthly active members 12/ }));
    await shown(section.getByRole('row', { name: /Messages 25000/ }));
    await shown(section.getByRole('row', { name: `So far €${decimal(usage.total)}` }));
    await browser.screenshot('billing-usage');
    assert.deepEqual(browser.problems, []);
  });

  test('staff: revenue, the dunning queue, an offline payment, a credit note and a coupon', async () => {
    const { page } = browser;
    const { billing } = t.ctx;
    const { customerId, hostId } = await customerWithHost(t, {
      password,
      email: 'late@example.org',
      organization: 'Late Payers Ltd',
      domain: 'late.example',
    });
    await subscribeWithCard(t, { customerId, hostId }, '4000000000000341', 'EUR');
    await t.ctx.platform.jobs.runDue();
    const [overdue] = (await billing.invoices.list(customerId, { limit: 1 })).items;
    assert.equal(overdue?.status, 'open');
    assert.ok(overdue.number);
    const paying = await customerWithHost(t, {
      password,
      email: 'prompt@example.org',
      organization: 'Prompt Payers Ltd',
      domain: 'prompt.example',
    });
    await billing.paymentMethods.add(paying.customerId, {
      number: '4242424242424242',
      expMonth: 12,
      expYear: 2030,
      cvc: '123',
    });
    await billing.startSubscription({
      customerId: paying.customerId,
      hostId: paying.hostId,
      planId: 'plan_team',
      cycle: 'annual',
      currency: 'EUR',
    });
    await t.ctx.platform.jobs.runDue();

    await browser.context.clearCookies();
    await page.goto(`/setup?token=${encodeURIComponent(await t.ctx.accounts.createSetupToken())}`);
    await page.getByLabel('Your name').fill('Bea Bookkeeper');
    await page.getByLabel('Email').fill('books@imhost.test');
    await page.getByLabel('Password', { exact: true }).fill('double-entry-ledger-1494');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await shown(heading(page, 'Customers'));

    await page.getByRole('link', { name: 'Billing', exact: true }).click();
    await shown(heading(page, 'Billing'));
    await shown(page.getByRole('img', { name: /Revenue by month in EUR/ }));
    const queue = page.getByRole('region', { name: 'Dunning queue' });
    await shown(queue.getByRole('row', { name: new RegExp(overdue.number) }));
    await browser.screenshot('billing-staff-overview');

    await queue.getByRole('link', { name: overdue.number }).click();
    await shown(heading(page, `Invoice ${overdue.number}`));
    await page.getByLabel('Bank reference').fill('SEPA 2026-03-01 LATE');
    await page.getByRole('button', { name: 'Mark paid' }).click();
    await shown(page.getByText('The invoice is marked paid.'));
    await shown(page.getByRole('row', { name: 'Amount due €0.00' }));
    const credit = page.getByRole('region', { name: 'Issue a credit note' });
    await credit.getByLabel('Amount in minor units').fill('500');
    await credit.getByLabel('Reason').fill('Goodwill for the failed card');
    await credit.getByRole('button', { name: 'Issue credit note' }).click();
    await shown(page.getByText('The credit note was issued.'));
    await browser.screenshot('billing-staff-invoice');
    assert.equal(await billing.ledger.creditBalance(customerId, 'EUR'), 500);

    await page.getByRole('link', { name: '← Customer billing' }).click();
    await shown(heading(page, 'Customer billing'));
    await shown(page.getByRole('row', { name: /Goodwill for the failed card/ }));
    await shown(
      page
        .getByRole('region', { name: 'Ledger' })
        .getByRole('row', { name: /customer credit/ })
        .first(),
    );
    await browser.screenshot('billing-staff-customer');

    // Refund part of a card payment from the invoice it paid.
    await page.getByRole('link', { name: 'Invoices' }).click();
    await shown(heading(page, 'Invoices'));
    await page.getByLabel('Status').selectOption('paid');
    const paidRow = page.getByRole('row').filter({ hasText: paying.customerId });
    await paidRow.getByRole('link', { name: /^INV-/ }).click();
    const payments = page.getByRole('region', { name: 'Payments' });
    await payments.getByRole('button', { name: 'Refund' }).click();
    await payments.getByLabel('Amount in minor units').fill('1000');
    await payments.getByLabel('Reason').fill('Annual plan bought by mistake');
    await payments.getByRole('button', { name: 'Send refund' }).click();
    await shown(page.getByText('The refund was sent to the card, with a credit note.'));
    await shown(payments.getByRole('row', { name: /succeeded.*€10\.00/ }));
    await browser.screenshot('billing-staff-refund');

    await page.getByRole('link', { name: 'Catalog' }).click();
    await shown(heading(page, 'Catalog'));
    await shown(page.getByRole('heading', { name: /Business/ }));
    const coupons = page.getByRole('region', { name: 'Coupons' });
    await coupons.getByLabel('Code').fill('WELCOME10');
    await coupons.getByLabel('Percent off').fill('10');
    await coupons.getByLabel('Cycles (optional)').fill('3');
    await coupons.getByRole('button', { name: 'Create coupon' }).click();
    await shown(coupons.getByText('Coupon WELCOME10 was created.'));
    await shown(coupons.getByRole('row', { name: /WELCOME10.*10 %.*3 cycles/ }));
    await browser.screenshot('billing-staff-catalog');
    assert.deepEqual(browser.problems, []);
  });

  test("invoice pages show the PDF's days, in the customer's billing time zone", async () => {
    const { page } = browser;
    const { billing } = t.ctx;
    // 01:30 on 8 December in Tokyo, still 7 December in UTC (and in this browser's zone).
    t.clock.set(new Date('2026-12-07T16:30:00Z'));
    const tokyo = { email: 'tokyo@example.org', organization: 'Tokyo Tea KK', domain: 'chat.tokyo.example' };
    const { customerId, hostId } = await customerWithHost(t, { ...tokyo, password });
    await billing.profile.update(customerId, { timeZone: 'Asia/Tokyo' });
    await subscribeWithCard(t, { customerId, hostId }, '4242424242424242', 'USD');
    const [invoice] = (await billing.invoices.list(customerId, { limit: 1 })).items;
    assert.ok(invoice?.number);
    const printed = /Issued:\s*(\S+)\s+Due:\s*(\S+)/.exec(
      pdfText((await billing.invoices.pdf(customerId, invoice.id)).pdf),
    );
    assert.deepEqual([printed?.[1], printed?.[2]], ['2026-12-08', '2026-12-08']);
    // The same calendar day as the dashboard writes it in this browser's locale.
    const shownDay = await page.evaluate(
      (day) =>
        new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(day)),
      `${printed![1]}T00:00:00Z`,
    );

    await browser.context.clearCookies();
    await signIn(page, tokyo.email, password);
    await page.goto(`/billing/invoices/${invoice.id}`);
    await shown(heading(page, `Invoice ${invoice.number}`));
    await shown(page.getByText(`Issued ${shownDay} · Due ${shownDay}`));

    await browser.context.clearCookies();
    await t.ctx.accounts.createStaff({
      email: 'tz@imhost.test',
      password,
      name: 'Tia Zone',
      role: 'billing',
    });
    await signIn(page, 'tz@imhost.test', password, 'Customers');
    await page.goto(`/staff/billing/customers/${customerId}/invoices/${invoice.id}`);
    await shown(heading(page, `Invoice ${invoice.number}`));
    await shown(page.getByText(`Due ${shownDay}`));
    assert.deepEqual(browser.problems, []);
  });
});
