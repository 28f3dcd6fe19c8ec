import { PageHeader } from '../components/page-header';
import { ApiTokensSection } from './settings/api-tokens-section';
import { PasswordSection } from './settings/password-section';
import { ProfileSection } from './settings/profile-section';
import { SessionsSection } from './settings/sessions-section';
import { TwoFactorSection } from './settings/two-factor-section';

export function SettingsPage() {
  return (
    <>
      <PageHeader title="Account settings" />
      <ProfileSection />
      <PasswordSection />
      <TwoFactorSection />
      <SessionsSection />
      <ApiTokensSection />
    </>
  );
}
