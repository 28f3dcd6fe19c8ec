import { Type } from 'typebox';
import { body, errors, pageOf, Text } from '../../schemas.js';

export { body, errors, pageOf };
import {
  supportViews,
  MIN_DESCRIPTION_LENGTH,
  STAFF_SETTABLE_STATUSES,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
} from '../../../support/index.js';

export const tags = ['support'];

export const TicketStatus = Type.Enum(TICKET_STATUSES);
export const StaffSettableStatus = Type.Enum(STAFF_SETTABLE_STATUSES);
export const TicketPriority = Type.Enum(TICKET_PRIORITIES);

export const IdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);
export const AttachmentParams = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 100 }),
    attachmentId: Type.String({ minLength: 1, maxLength: 100 }),
  },
  { additionalProperties: false },
);

export const PageQueryProperties = {
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  before: Type.Optional(Type.String({ maxLength: 100, description: 'The nextCursor of the previous page.' })),
};

export const FormSettings = Type.Object({
  minDescriptionLength: Type.Integer(),
  maxFileBytes: Type.Integer(),
  maxTicketBytes: Type.Integer({ description: 'All attachments of one ticket together.' }),
  maxFilesPerMessage: Type.Integer(),
  acceptedTypes: Type.Array(Type.String(), {
    description: 'Checked by content; text files are any UTF-8 text.',
  }),
});

export const Department = supportViews.DepartmentView;
export const Attachment = supportViews.AttachmentView;
export const Message = supportViews.MessageView;
export const Ticket = supportViews.TicketView;
export const StaffTicket = supportViews.StaffTicketView;
export const TicketDetail = supportViews.TicketDetailView;

export const Viewer = supportViews.Viewer;
export const StaffTicketDetail = supportViews.StaffTicketDetailView;

const Files = Type.Optional(
  Type.Array(Type.String({ format: 'binary' }), {
    description:
      'Images (PNG, JPEG, GIF, WebP) and text or log files, checked by content; 10 MB each and 25 MB per ticket by default.',
  }),
);

/** A ticket subject, which goes into email subjects: no line breaks or other control characters. */
export const Subject = Text({ minLength: 3, maxLength: 200, pattern: '\\S' });

/** The text fields of the multipart forms; the handler validates them after reading the stream. */
export const NewTicketFields = body({
  departmentId: Type.String({ minLength: 1, maxLength: 100 }),
  priority: TicketPriority,
  subject: Subject,
  description: Type.String({
    minLength: 1,
    maxLength: 50_000,
    description: `Markdown, at least ${MIN_DESCRIPTION_LENGTH} characters.`,
  }),
  logText: Type.Optional(
    Type.String({ maxLength: 200_000, description: 'Secrets are redacted before it is stored.' }),
  ),
  hostId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  invoiceId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
});
export const NewTicketForm = Type.Object({ ...NewTicketFields.properties, files: Files });

export const CustomerReplyFields = body({
  body: Type.String({ minLength: 1, maxLength: 50_000, pattern: '\\S' }),
  logText: Type.Optional(Type.String({ maxLength: 200_000 })),
});
export const CustomerReplyForm = Type.Object({ ...CustomerReplyFields.properties, files: Files });

export const StaffReplyFields = body({
  body: Type.String({ minLength: 1, maxLength: 50_000, pattern: '\\S' }),
  status: Type.Optional(StaffSettableStatus),
});
export const StaffReplyForm = Type.Object({ ...StaffReplyFields.properties, files: Files });

export const StaffNoteFields = body({
  body: Type.String({ minLength: 1, maxLength: 50_000, pattern: '\\S' }),
});
export const StaffNoteForm = Type.Object({ ...StaffNoteFields.properties, files: Files });

export const TicketContext = supportViews.TicketContextView;

export const CannedResponse = supportViews.CannedResponseView;
export const RenderedCannedResponse = supportViews.RenderedCannedResponse;
export const SlaTarget = supportViews.SlaTargetView;
