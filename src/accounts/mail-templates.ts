/** Every email the accounts area sends. */
import { defineMailTemplate, type MailTemplateRegistry } from '../platform/index.js';

interface LinkMail {
  name: string;
  /** The one-time token the link carries; only its hash is stored. */
  token: string;
}

interface InvitationMail {
  inviterName: string;
  inviterEmail: string;
  organization: string;
  /** Read as "as <roleName>": "an administrator". */
  roleName: string;
  token: string;
}

const tokenLink = (publicUrl: string, path: string, token: string) =>
  `${publicUrl}${path}?token=${encodeURIComponent(token)}`;

export const accountsMailTemplates = {
  verify_email: defineMailTemplate({
    example: { name: 'Ada Lovelace', token: 'example-verification-token' },
    render: ({ name, token }: LinkMail, publicUrl) => ({
      subject: 'Confirm your email address',
      text:
        `Hello ${name},\n\nplease confirm your email address for imhost by opening this link:\n\n` +
        `${tokenLink(publicUrl, '/verify-email', token)}\n\n` +
        'The link works once and expires in 48 hours. If you did not sign up, ignore this message.\n',
    }),
  }),
  reset_password: defineMailTemplate({
    example: { name: 'Ada Lovelace', token: 'example-reset-token' },
    render: ({ name, token }: LinkMail, publicUrl) => ({
      subject: 'Reset your imhost password',
      text:
        `Hello ${name},\n\nsomeone (hopefully you) asked to reset your imhost password. Choose a new one here:\n\n` +
        `${tokenLink(publicUrl, '/reset-password', token)}\n\n` +
        'The link works once and expires in 1 hour. If you did not ask for this, ignore this message; your password stays as it is.\n',
    }),
  }),
  team_invitation: defineMailTemplate({
    example: {
      inviterName: 'Ada Lovelace',
      inviterEmail: 'ada@example.test',
      organization: 'Analytical Engines Ltd',
      roleName: 'an administrator',
      token: 'example-invitation-token',
    },
    render: (invitation: InvitationMail, publicUrl) => ({
      subject: `Join ${invitation.organization} on imhost`,
      text:
        `Hello,\n\n${invitation.inviterName} (${invitation.inviterEmail}) invited you to join ${invitation.organization} on imhost ` +
        `as ${invitation.roleName}. Accept the invitation here:\n\n${tokenLink(publicUrl, '/invite', invitation.token)}\n\n` +
        'The link works once and expires in 7 days. If you did not expect this, ignore this message.\n',
    }),
  }),
} satisfies MailTemplateRegistry;
