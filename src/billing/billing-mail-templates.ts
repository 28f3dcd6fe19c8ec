/**
 * Every email billing sends, as a registry of templates like the other areas' (the mails
 * themselves are written in billing-emails.ts). The examples are typed per kind, so a new kind of
 * billing mail does not compile until it has one.
 */
import { defineMailTemplate, type MailTemplateRegistry } from '../platform/index.js';
import { composeBillingMail, type BillingMail } from './billing-emails.js';

const invoice = {
  number: 'INV-2026-0042',
  total: 4_900,
  amountDue: 4_900,
  currency: 'EUR',
  dueAt: '2026-02-01T00:00:00.000Z',
};

const examples: { [Kind in BillingMail['kind']]: Extract<BillingMail, { kind: Kind }> } = {
  invoice_issued: { kind: 'invoice_issued', invoice },
  receipt: { kind: 'receipt', invoice, amount: 4_900, brand: 'visa', last4: '4242' },
  payment_failed: {
    kind: 'payment_failed',
    invoice,
    reason: 'the card was declined',
    nextAttemptAt: '2026-02-04T00:00:00.000Z',
  },
  card_expiring: { kind: 'card_expiring', brand: 'visa', last4: '4242', expMonth: 2, expYear: 2026 },
  suspension_warning: { kind: 'suspension_warning', invoice, suspendOn: '2026-02-15T00:00:00.000Z' },
  suspended: { kind: 'suspended', domain: 'chat.example.test' },
  terminated: { kind: 'terminated', domain: 'chat.example.test' },
};

export const billingMailTemplates: MailTemplateRegistry = Object.fromEntries(
  Object.values(examples).map((example) => [
    example.kind,
    defineMailTemplate<BillingMail>({
      example,
      render: (mail, publicUrl) => composeBillingMail(mail, publicUrl, 'UTC'),
    }),
  ]),
);
