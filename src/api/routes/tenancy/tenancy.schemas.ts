import { Type } from 'typebox';
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Timestamp = Type.String({ format: 'date-time' });
/** Ids and cursors are our own ASCII tokens; refusing controls keeps NUL away from PostgreSQL. */
const Token = Type.String({ minLength: 1, maxLength: 100, pattern: '^[\\x21-\\x7e]+$' });

export const HostStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('suspended'),
  Type.Literal('terminated'),
]);
export const HostStatusReason = Type.Union([
  Type.Literal('customer'),
  Type.Literal('staff'),
  Type.Literal('non_payment'),
  Type.Literal('abuse'),
]);
export const MemberStatus = Type.Union([Type.Literal('active'), Type.Literal('disabled')]);

const hostProperties = {
  id: Type.String(),
  customerId: Type.String(),
  domain: Type.String({ description: 'The XMPP domain as stored: lowercase, IDNA A-labels.' }),
  displayDomain: Type.String({ description: 'The same domain in Unicode, for display.' }),
  status: HostStatus,
  statusReason: nullable(HostStatusReason),
  createdAt: Timestamp,
  updatedAt: Timestamp,
};
export const Host = Type.Object(hostProperties);
export const AdminHost = Type.Object({ ...hostProperties, customerName: Type.String() });

const HostEntitlements = Type.Object(
  {
    maxMembers: Type.Integer({ minimum: 0 }),
    uploadQuotaMb: Type.Integer({ minimum: 0 }),
    archiveRetentionDays: Type.Integer({ minimum: 0 }),
    customDomain: Type.Boolean(),
  },
  { description: "The limits of the host's plan." },
);
export const HostDetail = Type.Object({
  ...hostProperties,
  entitlements: nullable(HostEntitlements),
  memberCount: Type.Integer({ minimum: 0 }),
  uploadQuotaMb: Type.Integer({
    minimum: 0,
    description:
      "The upload quota in force, in MB of 1024 × 1024 bytes: the plan's, or IMHOST_DEFAULT_UPLOAD_QUOTA_MB for a host without a plan.",
  }),
  uploadStorageBytes: nullable(
    Type.Integer({
      minimum: 0,
      description:
        'Bytes of uploaded files (and upload slots still open) counted against the upload quota; null when the IM server is not running in this process.',
    }),
  ),
});

export const HostSubscription = Type.Object({
  id: Type.String(),
  status: Type.String({ description: 'The subscription status, as in GET /subscriptions.' }),
  planId: Type.String(),
});
export const CreatedHost = Type.Object({
  ...hostProperties,
  subscription: Type.Optional(HostSubscription),
});

export const Member = Type.Object({
  id: Type.String(),
  username: Type.String({ description: 'The localpart, normalised (PRECIS UsernameCaseMapped).' }),
  jid: Type.String(),
  displayName: nullable(Type.String()),
  status: MemberStatus,
  createdAt: Timestamp,
  lastLoginAt: nullable(Timestamp),
  lastActivityAt: nullable(Timestamp),
});

export function pageOf<T extends Parameters<typeof Type.Array>[0]>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    nextCursor: nullable(
      Type.String({ description: 'Pass as `before` to get the next page; null on the last.' }),
    ),
  });
}

const pageProperties = {
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  before: Type.Optional(Token),
};
export const PageQuery = Type.Object(pageProperties, { additionalProperties: false });
export const AdminHostsQuery = Type.Object(
  {
    ...pageProperties,
    q: Type.Optional(
      Type.String({ maxLength: 253, pattern: '^[^\\x00-\\x1f\\x7f]*$', description: 'Part of a domain.' }),
    ),
  },
  { additionalProperties: false },
);

export const HostParams = Type.Object({ id: Token });
/** Looked up after PRECIS normalisation, so `Alice` and `alice` name the same member. */
export const MemberParams = Type.Object({
  id: Token,
  username: Type.String({ minLength: 1, maxLength: 3100 }),
});

export const Domain = Type.String({
  minLength: 1,
  maxLength: 1000,
  description: 'Unicode or A-labels; stored as A-labels.',
});
export const Username = Type.String({
  minLength: 1,
  maxLength: 3100,
  description: 'An XMPP localpart (RFC 7622).',
});
export const MemberDisplayName = nullable(Type.String({ maxLength: 400 }));
