/**
 * The emails an incident sends to each affected customer's owners and billing contacts: when it
 * opens, and when it is resolved. They name only that customer's own hosts.
 */
import { defineMailTemplate, type MailTemplateRegistry } from '../platform/index.js';

const example = {
  title: 'Messages are delayed',
  domains: ['chat.example.com'],
  message: 'We are looking into delayed message delivery.',
};

function affected(domains: string[]): string {
  return domains.length === 0 ? 'all IM hosts' : domains.join(', ');
}

export const incidentsMailTemplates = {
  incident_opened: defineMailTemplate({
    example,
    render(input, publicUrl) {
      return {
        subject: `Service incident: ${input.title}`,
        text:
          `We are having a problem that affects ${affected(input.domains)}.\n\n${input.message}\n\n` +
          `Follow the updates on the status page: ${publicUrl}/status\n` +
          `We will email you again when it is resolved.\n`,
      };
    },
  }),
  incident_resolved: defineMailTemplate({
    example: { ...example, message: 'Delivery is back to normal.' },
    render(input, publicUrl) {
      return {
        subject: `Resolved: ${input.title}`,
        text:
          `The problem that affected ${affected(input.domains)} is resolved.\n\n${input.message}\n\n` +
          `The full timeline is on the status page: ${publicUrl}/status\n`,
      };
    },
  }),
} satisfies MailTemplateRegistry;
