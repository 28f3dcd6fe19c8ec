import { Type, type Static } from 'typebox';
import { domainsViews, registrationViews } from '../../../domains/index.js';
import { Minor, Nullable } from '../../../lib/view-schema.js';

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

/**
 * GET /hosts/{id}/domain: the domains area's view (ownership, DNS, certificate, alerts) and the
 * registration with billing's renewal price.
 */
export const HostDomainView = Type.Object({
  ...domainsViews.DomainView.properties,
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
