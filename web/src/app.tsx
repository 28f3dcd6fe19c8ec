import { BrowserRouter, Route, Routes } from 'react-router';
import { AppLayout } from './components/app-layout';
import { HomeRedirect, RedirectIfSignedIn, RequireSignedIn } from './components/guards';
import { ActivityPage } from './pages/activity';
import { BillingPage } from './pages/billing/billing-page';
import { BillingProfilePage } from './pages/billing/billing-profile-page';
import { InvoicePage } from './pages/billing/invoice-page';
import { SubscriptionPage } from './pages/billing/subscription-page';
import { ForgotPasswordPage } from './pages/forgot-password';
import { HostDetailPage } from './pages/host-detail';
import { HostsPage } from './pages/hosts';
import { InvitePage } from './pages/invite';
import { MemberPasswordPage } from './pages/member-password';
import { NotFoundPage } from './pages/not-found';
import { ResetPasswordPage } from './pages/reset-password';
import { SettingsPage } from './pages/settings';
import { SetupPage } from './pages/setup';
import { SignInPage } from './pages/sign-in';
import { SignUpPage } from './pages/sign-up';
import { StatusPage } from './pages/status';
import { StaffAuditPage } from './pages/staff/audit';
import { StaffCatalogPage } from './pages/staff/billing/catalog-page';
import { StaffCustomerBillingPage } from './pages/staff/billing/customer-page';
import { StaffInvoicePage } from './pages/staff/billing/invoice-page';
import { StaffInvoicesPage } from './pages/staff/billing/invoices-page';
import { StaffBillingOverviewPage } from './pages/staff/billing/overview-page';
import { StaffPaymentsPage } from './pages/staff/billing/payments-page';
import { StaffCustomersPage } from './pages/staff/customers';
import { StaffHostsPage } from './pages/staff/hosts';
import { StaffIncidentPage } from './pages/staff/incident';
import { StaffIncidentsPage } from './pages/staff/incidents';
import { StaffOperationsPage } from './pages/staff/operations';
import { StaffDomainRegistrationsPage } from './pages/staff/domain-registrations';
import { StaffDomainsPage } from './pages/staff/domains';
import { StaffAuditsPage } from './pages/staff/audits';
import { StaffOutboxPage } from './pages/staff/outbox';
import { DeskSettingsPage } from './pages/staff/tickets/desk-settings';
import { StaffTicketPage } from './pages/staff/tickets/staff-ticket';
import { StaffTicketsPage } from './pages/staff/tickets/queue';
import { NewTicketPage } from './pages/support/new-ticket';
import { TicketPage } from './pages/support/ticket';
import { SupportPage } from './pages/support/tickets';
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
          <Route path="/status" element={<StatusPage />} />
          <Route path="/member-password" element={<MemberPasswordPage />} />
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
            <Route path="/billing" element={<BillingPage />} />
            <Route path="/billing/profile" element={<BillingProfilePage />} />
            <Route path="/billing/subscriptions/:subscriptionId" element={<SubscriptionPage />} />
            <Route path="/billing/invoices/:invoiceId" element={<InvoicePage />} />
            <Route path="/support" element={<SupportPage />} />
            <Route path="/support/new" element={<NewTicketPage />} />
            <Route path="/support/tickets/:ticketId" element={<TicketPage />} />
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
            <Route path="/staff/domains" element={<StaffDomainsPage />} />
            <Route path="/staff/audits" element={<StaffAuditsPage />} />
            <Route path="/staff/domain-registrations" element={<StaffDomainRegistrationsPage />} />
            <Route path="/staff/outbox" element={<StaffOutboxPage />} />
            <Route path="/staff/incidents" element={<StaffIncidentsPage />} />
            <Route path="/staff/incidents/:incidentId" element={<StaffIncidentPage />} />
            <Route path="/staff/operations" element={<StaffOperationsPage />} />
            <Route path="/staff/audit" element={<StaffAuditPage />} />
            <Route path="/staff/billing" element={<StaffBillingOverviewPage />} />
            <Route path="/staff/billing/catalog" element={<StaffCatalogPage />} />
            <Route path="/staff/billing/invoices" element={<StaffInvoicesPage />} />
            <Route path="/staff/billing/payments" element={<StaffPaymentsPage />} />
            <Route path="/staff/billing/customers/:customerId" element={<StaffCustomerBillingPage />} />
            <Route
              path="/staff/billing/customers/:customerId/invoices/:invoiceId"
              element={<StaffInvoicePage />}
            />
            <Route path="/staff/tickets" element={<StaffTicketsPage />} />
            <Route path="/staff/tickets/settings" element={<DeskSettingsPage />} />
            <Route path="/staff/tickets/:ticketId" element={<StaffTicketPage />} />
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </BrowserRouter>
    </SessionProvider>
  );
}
