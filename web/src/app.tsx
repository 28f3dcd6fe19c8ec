import { BrowserRouter, Route, Routes } from 'react-router';
import { AppLayout } from './components/app-layout';
import { HomeRedirect, RedirectIfSignedIn, RequireSignedIn } from './components/guards';
import { ActivityPage } from './pages/activity';
import { ForgotPasswordPage } from './pages/forgot-password';
import { HostDetailPage } from './pages/host-detail';
import { HostsPage } from './pages/hosts';
import { InvitePage } from './pages/invite';
import { NotFoundPage } from './pages/not-found';
import { ResetPasswordPage } from './pages/reset-password';
import { SettingsPage } from './pages/settings';
import { SetupPage } from './pages/setup';
import { SignInPage } from './pages/sign-in';
import { SignUpPage } from './pages/sign-up';
import { StaffAuditPage } from './pages/staff/audit';
import { StaffCustomersPage } from './pages/staff/customers';
import { StaffHostsPage } from './pages/staff/hosts';
import { StaffOutboxPage } from './pages/staff/outbox';
import { TeamPage } from './pages/team';
import { VerifyEmailPage } from './pages/verify-email';
import { SessionProvider } from './session/session';

export function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <Routes>
          <Route path="/" element={<HomeRedirect />} />
          <Route
            path="/login"
            element={
              <RedirectIfSignedIn>
                <SignInPage />
              </RedirectIfSignedIn>
            }
          />
          <Route
            path="/signup"
            element={
              <RedirectIfSignedIn>
                <SignUpPage />
              </RedirectIfSignedIn>
            }
          />
          <Route path="/forgot-password" element={<ForgotPasswordPage />} />
          <Route path="/reset-password" element={<ResetPasswordPage />} />
          <Route path="/verify-email" element={<VerifyEmailPage />} />
          <Route path="/setup" element={<SetupPage />} />
          <Route path="/invite" element={<InvitePage />} />
          <Route
            element={
              <RequireSignedIn>
                <AppLayout />
              </RequireSignedIn>
            }
          >
            <Route path="/hosts" element={<HostsPage />} />
            <Route path="/hosts/:hostId" element={<HostDetailPage />} />
            <Route path="/team" element={<TeamPage />} />
            <Route path="/activity" element={<ActivityPage />} />
            <Route path="/settings" element={<SettingsPage />} />
          </Route>
          <Route
            element={
              <RequireSignedIn staffOnly>
                <AppLayout />
              </RequireSignedIn>
            }
          >
            <Route path="/staff/customers" element={<StaffCustomersPage />} />
            <Route path="/staff/hosts" element={<StaffHostsPage />} />
            <Route path="/staff/outbox" element={<StaffOutboxPage />} />
            <Route path="/staff/audit" element={<StaffAuditPage />} />
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </BrowserRouter>
    </SessionProvider>
  );
}
