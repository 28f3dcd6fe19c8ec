import { configParsers as parse, type ConfigArea } from '../platform/index.js';

/** The support desk's address, its inbound mail, its attachment limits, rate limits and timers. */
export interface SupportConfig {
  supportAddress: string | undefined;
  supportInboundSmtpPort: number | undefined;
  supportMaxFileBytes: number;
  supportMaxTicketBytes: number;
  supportMaxOpenTickets: number;
  supportTicketsPerHour: number;
  supportEmailRepliesPerHour: number;
  supportReminderDays: number;
  supportAutoResolveDays: number;
  supportAutoCloseDays: number;
}

export const supportConfig: ConfigArea<SupportConfig> = {
  options: [
    {
      key: 'supportAddress',
      env: 'IMHOST_SUPPORT_ADDRESS',
      description:
        'The support desk address; replies go to its plus-addresses (`support+t.<ticket>.<mac>@…`). Unset: `support@` the domain of IMHOST_MAIL_FROM.',
      defaultValue: undefined,
      parse: parse.optionalString,
    },
    {
      key: 'supportInboundSmtpPort',
      env: 'IMHOST_SUPPORT_INBOUND_SMTP_PORT',
      description: 'Port of the inbound SMTP listener that threads emailed replies into tickets. Unset: off.',
      defaultValue: undefined,
      parse: parse.optionalPort,
    },
    {
      key: 'supportMaxFileBytes',
      env: 'IMHOST_SUPPORT_MAX_FILE_BYTES',
      description: 'Largest support attachment, in bytes.',
      defaultValue: 10 * 1024 * 1024,
      parse: parse.positiveInt,
    },
    {
      key: 'supportMaxTicketBytes',
      env: 'IMHOST_SUPPORT_MAX_TICKET_BYTES',
      description: 'Largest total of attachments on one ticket, in bytes.',
      defaultValue: 25 * 1024 * 1024,
      parse: parse.positiveInt,
    },
    {
      key: 'supportMaxOpenTickets',
      env: 'IMHOST_SUPPORT_MAX_OPEN_TICKETS',
      description: 'Open tickets one customer may have at a time.',
      defaultValue: 10,
      parse: parse.positiveInt,
    },
    {
      key: 'supportTicketsPerHour',
      env: 'IMHOST_SUPPORT_TICKETS_PER_HOUR',
      description: 'New tickets one customer may open per hour.',
      defaultValue: 5,
      parse: parse.positiveInt,
    },
    {
      key: 'supportEmailRepliesPerHour',
      env: 'IMHOST_SUPPORT_EMAIL_REPLIES_PER_HOUR',
      description: 'Emailed replies accepted per ticket per hour (mail-loop protection).',
      defaultValue: 20,
      parse: parse.positiveInt,
    },
    {
      key: 'supportReminderDays',
      env: 'IMHOST_SUPPORT_REMINDER_DAYS',
      description: 'Days waiting on the customer before a reminder is emailed.',
      defaultValue: 3,
      parse: parse.positiveInt,
    },
    {
      key: 'supportAutoResolveDays',
      env: 'IMHOST_SUPPORT_AUTO_RESOLVE_DAYS',
      description: 'Days waiting on the customer before the ticket is resolved.',
      defaultValue: 7,
      parse: parse.positiveInt,
    },
    {
      key: 'supportAutoCloseDays',
      env: 'IMHOST_SUPPORT_AUTO_CLOSE_DAYS',
      description: 'Days a resolved ticket stays open to a reply before it is closed.',
      defaultValue: 3,
      parse: parse.positiveInt,
    },
  ],
};
