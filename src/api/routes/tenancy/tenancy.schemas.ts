import { Type } from 'typebox';
import { billingViews } from '../../../billing/index.js';
import { tenancyViews } from '../../../tenancy/index.js';
export { pageOf } from '../../schemas.js';

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
/** Ids and cursors are our own ASCII tokens; refusing controls keeps NUL away from PostgreSQL. */
const Token = Type.String({ minLength: 1, maxLength: 100, pattern: '^[\\x21-\\x7e]+$' });

export const { HostStatus, HostStatusReason, MemberStatus } = tenancyViews;
export const Host = tenancyViews.HostView;
export const AdminHost = tenancyViews.AdminHostView;
export const HostDetail = tenancyViews.HostDetailView;
const hostProperties = Host.properties;

const { id, status, planId } = billingViews.SubscriptionView.properties;
/** The subscription a host was created on: the same fields as in GET /subscriptions. */
export const HostSubscription = Type.Object({ id, status, planId });
export const CreatedHost = Type.Object({
  ...hostProperties,
  subscription: Type.Optional(HostSubscription),
});

export const Member = tenancyViews.MemberView;

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
export const ChatRoomParams = Type.Object({
  id: Token,
  name: Type.String({ minLength: 1, maxLength: 1023, description: "The room's local part." }),
});
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
