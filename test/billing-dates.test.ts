/**
 * An invoice's dates read the same wherever a person reads them: in the PDF, in the email and on
 * the dashboard (the API gives the instants and the billing time zone they are read in), all in
 * the customer's billing time zone. Issued late in the evening behind UTC, or early in the morning
 * ahead of it, the UTC date would be a day off, and the due date would come before the issue date.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signUpCustomer } from './support/actors.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDialects } from './support/databases.js';
import { pdfText } from './support/pdf.js';

/** The calendar day of an instant in a time zone, as `YYYY-MM-DD`, worked out here independently. */
function dayIn(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));
}

const CASES = [
  // 21:30 on 6 December in New York is already 7 December in UTC.
  { timeZone: 'America/New_York', at: '2026-12-07T02:30:00Z', day: '2026-12-06', domain: 'evening.example' },
  // 01:30 on 8 December in Tokyo is still 7 December in UTC.
  { timeZone: 'Asia/Tokyo', at: '2026-12-07T16:30:00Z', day: '2026-12-08', domain: 'morning.example' },
];

for (const dialect of testDialects()) {
  describe(`invoice dates in the billing time zone (${dialect})`, () => {
    let test: TestApp;
    before(async () => {
      test = await startTestApp(dialect);
    });
    after(async () => {
      await test.close();
    });

    for (const { timeZone, at, day, domain } of CASES) {
      it(`shows the same issue and due dates in the PDF, the email and the API (${timeZone})`, async () => {
        test.clock.set(new Date(at));
        const owner = await signUpCustomer(test, { organization: domain });
        const customerId = owner.customer.id;
        const { billing, tenancy } = test.ctx;
        await billing.profile.update(customerId, { country: 'US', timeZone });
        const host = await tenancy.hosts.create({ customerId, domain });
        await billing.startSubscription({
          customerId,
          hostId: host.id,
          planId: 'plan_team',
          cycle: 'monthly',
          currency: 'USD',
        });
        const [listed] = (await owner.get('/invoices')).json().items as { id: string }[];

        const invoice = (await owner.get(`/invoices/${listed!.id}`)).json() as {
          number: string;
          issuedAt: string;
          dueAt: string;
          timeZone: string;
        };
        assert.equal(invoice.timeZone, timeZone);
        const onPage = [dayIn(invoice.issuedAt, invoice.timeZone), dayIn(invoice.dueAt, invoice.timeZone)];

        const pdf = pdfText((await owner.get(`/invoices/${listed!.id}/pdf`)).rawPayload);
        const printed = /Issued:\s*(\S+)\s+Due:\s*(\S+)/.exec(pdf);
        assert.ok(printed, pdf);

        const mail = (await test.ctx.platform.mailer.list({ limit: 20 })).items.find(
          (m) => m.recipients.includes(owner.email) && m.headers?.['X-Imhost-Billing'] === 'invoice_issued',
        );
        assert.ok(mail, 'the invoice was mailed');
        const mailedDue = /due on (\d{4}-\d{2}-\d{2})/.exec(mail.text)?.[1];

        assert.deepEqual(onPage, [day, day]);
        assert.deepEqual([printed[1], printed[2]], [day, day]);
        assert.equal(mailedDue, day);
      });
    }
  });
}
