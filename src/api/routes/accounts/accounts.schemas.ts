import { accountsViews } from '../../../accounts/index.js';
import { Text } from '../../schemas.js';

// The shared pieces, re-exported so the accounts routes read from one place.
export { body, errors, ErrorResponse, NoContent, PageQuery, pageOf, Password, Text } from '../../schemas.js';

export const Email = Text({ minLength: 1, maxLength: 320, description: 'Compared in lower case.' });
export const DisplayName = Text({ minLength: 1, maxLength: 200, pattern: '\\S' });
export const OneTimeToken = Text({ minLength: 1, maxLength: 200 });
export const TotpCode = Text({
  minLength: 1,
  maxLength: 10,
  description: 'The 6-digit code from the authenticator app.',
});

export const User = accountsViews.UserView;
export const CustomerRole = accountsViews.CustomerRole;
export const Customer = accountsViews.CustomerView;

export const Me = accountsViews.MeView;
export const ApiToken = accountsViews.ApiTokenView;
export const CreatedApiToken = accountsViews.CreatedApiToken;
export const Session = accountsViews.SessionView;
export const TwoFactorSetup = accountsViews.TwoFactorSetup;
export const TeamMember = accountsViews.TeamMemberView;
export const Invitation = accountsViews.InvitationView;
export const InvitableRole = accountsViews.InvitableRole;
export const InvitationPreview = accountsViews.InvitationPreview;
export const CustomerSummary = accountsViews.CustomerSummary;
