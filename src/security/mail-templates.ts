/**
 * The one email the security audit sends: checks that newly fail on a host, to the customer's
 * owners and (with a link to the server-wide report) to staff. A failure that goes on is not sent
 * again; one that clears and comes back is.
 */
import { defineMailTemplate, type MailTemplateRegistry } from '../platform/index.js';

export const securityMailTemplates = {
  security_audit_failures: defineMailTemplate({
    example: {
      hostId: 'host_01kf0hj080x4kacr9qxvmprc00',
      domain: 'chat.example.com',
      failures: [
        {
          title: 'Certificate',
          summary: 'The certificate expires in 5 days and has not been renewed.',
          fix: 'Set the DNS records shown in the Domain section of this page.' as string | null,
        },
      ],
      audience: 'customer' as 'customer' | 'staff',
    },
    render(input, publicUrl) {
      const page =
        input.audience === 'customer'
          ? `${publicUrl}/hosts/${encodeURIComponent(input.hostId)}#security-audit`
          : `${publicUrl}/staff/audits`;
      const lines = input.failures.map(
        (failure) =>
          `- ${failure.title}: ${failure.summary}${failure.fix ? `\n  What to do: ${failure.fix}` : ''}`,
      );
      return {
        subject: `Security audit: ${input.failures.length === 1 ? 'a new problem' : `${input.failures.length} new problems`} on ${input.domain}`,
        text:
          `The security audit of ${input.domain} found ${input.failures.length === 1 ? 'a problem' : 'problems'} that the last audit did not:\n\n` +
          `${lines.join('\n')}\n\nSee every check, and run the audit again once fixed: ${page}\n`,
      };
    },
  }),
} satisfies MailTemplateRegistry;
