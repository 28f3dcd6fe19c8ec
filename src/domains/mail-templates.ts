/**
 * Every email the domains area sends: an alert about a host's domain or certificate (to the
 * customer's owners and billing contacts, and a copy to staff), and the notice to a customer whose
 * unverified name another account proved and took.
 */
import { defineMailTemplate, type MailTemplateRegistry } from '../platform/index.js';

const hostPage = (publicUrl: string, hostId: string) => `${publicUrl}/hosts/${encodeURIComponent(hostId)}`;

export const domainsMailTemplates = {
  domain_alert: defineMailTemplate({
    example: {
      hostId: 'host_01kf0hj080x4kacr9qxvmprc00',
      domain: 'chat.example.com',
      message: 'The certificate of chat.example.com could not be renewed: the CA could not reach the domain.',
      audience: 'customer' as 'customer' | 'staff',
    },
    render(input, publicUrl) {
      const page =
        input.audience === 'customer' ? hostPage(publicUrl, input.hostId) : `${publicUrl}/staff/domains`;
      return {
        subject: `Action needed for ${input.domain}`,
        text: `${input.message}\n\nSee the domain's status and what to change: ${page}\n`,
      };
    },
  }),
  domain_claim_lost: defineMailTemplate({
    example: { domain: 'chat.example.com' },
    render(input, publicUrl) {
      return {
        subject: `${input.domain} was claimed by its verified owner`,
        text:
          `You added ${input.domain} as an IM host but did not prove the domain is yours with its TXT record. ` +
          `Another account has now proven ownership, so the name passed to them and your host for it was removed.\n\n` +
          `If the domain is yours, add the TXT record we show and contact support: ${publicUrl}/support\n`,
      };
    },
  }),
} satisfies MailTemplateRegistry;
