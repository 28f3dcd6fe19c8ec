/**
 * Every email about a domain's registration: the reminders before and after its expiry, and the
 * outcome of an auto-renewal (renewed, or refused by the registrar and refunded). Each goes to the
 * customer's owners and billing contacts and links to the host's page.
 */
import { formatDayIn } from '../../lib/time-zone.js';
import { defineMailTemplate, type MailTemplateRegistry } from '../../platform/index.js';

export type RegistrationMail =
  | {
      kind: 'expiry_reminder';
      domain: string;
      hostId: string;
      hostDomain: string;
      expiresAt: string;
      offsetDays: number;
      isAutoRenewing: boolean;
      registrarName: string | null;
    }
  | {
      kind: 'renewed';
      domain: string;
      hostId: string;
      expiresAt: string;
      invoiceNumber: string | null;
      amount: string | null;
    }
  | {
      kind: 'renewal_refunded';
      domain: string;
      hostId: string;
      expiresAt: string;
      reason: string;
      creditNoteNumber: string | null;
      amount: string | null;
    };

const hostPage = (publicUrl: string, hostId: string) => `${publicUrl}/hosts/${encodeURIComponent(hostId)}`;
const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

export function composeRegistrationMail(
  mail: RegistrationMail,
  publicUrl: string,
): { subject: string; text: string } {
  const day = (iso: string) => formatDayIn(iso, 'UTC');
  const page = hostPage(publicUrl, mail.hostId);
  switch (mail.kind) {
    case 'expiry_reminder': {
      const at = mail.registrarName ? ` at ${mail.registrarName}` : ' at your registrar';
      if (mail.offsetDays < 0) {
        const left = days(-mail.offsetDays);
        return {
          subject: `${mail.domain} expires in ${left}`,
          text: mail.isAutoRenewing
            ? `The domain ${mail.domain} expires on ${day(mail.expiresAt)}. Auto-renewal is on: we renew it before then and send you the receipt.\n${page}`
            : `The domain ${mail.domain} expires on ${day(mail.expiresAt)}, in ${left}. Renew it${at} before then: when it lapses, your IM host ${mail.hostDomain} stops working.\n${page}`,
        };
      }
      return {
        subject: `${mail.domain} expired ${days(mail.offsetDays)} ago`,
        text: `The domain ${mail.domain} expired on ${day(mail.expiresAt)}. The registry keeps it for a short grace period only; renew it${at} now, or your IM host ${mail.hostDomain} and its addresses are lost.\n${page}`,
      };
    }
    case 'renewed':
      return {
        subject: `${mail.domain} is renewed until ${day(mail.expiresAt)}`,
        text: `We renewed the domain ${mail.domain}; it now expires on ${day(mail.expiresAt)}.${mail.invoiceNumber ? ` Paid with invoice ${mail.invoiceNumber}${mail.amount ? ` (${mail.amount})` : ''}.` : ''}\n${page}`,
      };
    case 'renewal_refunded':
      return {
        subject: `We could not renew ${mail.domain}; your payment is refunded`,
        text: `The registrar refused to renew ${mail.domain} (${mail.reason}). ${mail.amount ? `We refunded ${mail.amount}` : 'We refunded the payment'}${mail.creditNoteNumber ? ` with credit note ${mail.creditNoteNumber}` : ''}. The domain still expires on ${day(mail.expiresAt)}: renew it at a registrar before then, or contact us.\n${page}`,
      };
  }
}

const examples: { [Kind in RegistrationMail['kind']]: Extract<RegistrationMail, { kind: Kind }> } = {
  expiry_reminder: {
    kind: 'expiry_reminder',
    domain: 'example.com',
    hostId: 'host_example',
    hostDomain: 'chat.example.com',
    expiresAt: '2027-03-01T00:00:00.000Z',
    offsetDays: -7,
    isAutoRenewing: false,
    registrarName: 'Example Registrar',
  },
  renewed: {
    kind: 'renewed',
    domain: 'example.com',
    hostId: 'host_example',
    expiresAt: '2028-03-01T00:00:00.000Z',
    invoiceNumber: 'INV-000042',
    amount: '€14.28',
  },
  renewal_refunded: {
    kind: 'renewal_refunded',
    domain: 'example.com',
    hostId: 'host_example',
    expiresAt: '2027-03-01T00:00:00.000Z',
    reason: '2304 Object status prohibits operation',
    creditNoteNumber: 'CN-000007',
    amount: '€14.28',
  },
};

export const registrationMailTemplates: MailTemplateRegistry = Object.fromEntries(
  Object.values(examples).map((example) => [
    example.kind,
    defineMailTemplate<RegistrationMail>({
      example,
      render: (mail, publicUrl) => composeRegistrationMail(mail, publicUrl),
    }),
  ]),
);
