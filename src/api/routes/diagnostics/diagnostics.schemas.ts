import { Type } from 'typebox';
import { diagnosticsViews } from '../../../diagnostics/index.js';
import { body, Id, Password, Text } from '../../schemas.js';
import { TicketPriority } from '../support/support.schemas.js';

export const tags = ['diagnostics'];

export const DiagnosticReport = diagnosticsViews.DiagnosticReport;

export const RunDiagnostics = Type.Union(
  [
    body({
      username: Type.Optional(
        Text({
          minLength: 1,
          maxLength: 1023,
          description: "The member to test the login with: a username, or an address at the host's domain.",
        }),
      ),
      password: Type.Optional({
        ...Password,
        description: 'Used for this one login test; never stored or logged.',
      }),
    }),
    Type.Null(),
  ],
  { description: "Optional: a member's username and password, to test signing in and a round trip." },
);

export const ReportParams = Type.Object({ id: Id, reportId: Id }, { additionalProperties: false });

export const AttachReport = body({
  description: Type.Optional(
    Text({
      minLength: 30,
      maxLength: 20_000,
      description:
        'What members see; the check report is attached below it. Default: a summary of the report.',
    }),
  ),
  priority: Type.Optional(TicketPriority),
});
