import { Type, type Static } from 'typebox';
import { registrationViews } from '../../../domains/index.js';
import { Minor, Nullable, Timestamp } from '../../../lib/view-schema.js';

export const tags = ['domains'];

/** The registration part of GET /hosts/{id}/domain: the domains area's facts and the renewal price. */
export const RegistrationView = Type.Object({
  ...registrationViews.RegistrationFacts.properties,
  renewalPrice: Nullable(Type.Object({ amount: Minor, currency: Type.String() }), {
    description: "The catalog's price of a year's renewal for this TLD, net of tax; null: not offered.",
  }),
  renewalLeadDays: Type.Integer({
    description: 'How many days before the expiry an auto-renewing domain is invoiced and renewed.',
  }),
});
export type RegistrationView = Static<typeof RegistrationView>;

export const VerificationView = Type.Object({
  status: Type.Union([Type.Literal('verified'), Type.Literal('pending'), Type.Literal('unknown')]),
  record: Nullable(Type.Object({ type: Type.Literal('TXT'), name: Type.String(), value: Type.String() })),
});

export const DnsRecordView = Type.Object({
  type: Type.String(),
  name: Type.String(),
  expected: Type.String(),
  found: Nullable(Type.String()),
  status: Type.Union([
    Type.Literal('ok'),
    Type.Literal('missing'),
    Type.Literal('wrong'),
    Type.Literal('unknown'),
  ]),
});

export const CertificateStatusView = Type.Object({
  source: Type.Union([
    Type.Literal('self_signed'),
    Type.Literal('installed'),
    Type.Literal('acme'),
    Type.Literal('none'),
  ]),
  issuer: Nullable(Type.String()),
  notAfter: Nullable(Timestamp),
  renewAt: Nullable(Timestamp),
  status: Type.Union([
    Type.Literal('ok'),
    Type.Literal('expiring'),
    Type.Literal('expired'),
    Type.Literal('none'),
  ]),
});

export const HostDomainView = Type.Object({
  verification: VerificationView,
  dns: Type.Array(DnsRecordView),
  certificate: CertificateStatusView,
  registration: Nullable(RegistrationView, {
    description: "Null when the host's domain is under the provider's hosted domain.",
  }),
});
export type HostDomainView = Static<typeof HostDomainView>;

export const HostDomainChanges = Type.Object(
  {
    autoRenew: Type.Boolean({
      description: 'Renew the domain automatically (domains registered through us).',
    }),
  },
  { additionalProperties: false },
);
