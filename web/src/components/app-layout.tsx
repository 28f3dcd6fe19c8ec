import { useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { ApiError } from '../api/client';
import { useMe, useSession } from '../session/session';
import { Brand } from './brand';
import { IncidentBanner } from './incident-banner';
import { ResendVerificationButton } from './resend-verification';

const customerNav = [
  { to: '/hosts', label: 'Hosts' },
  { to: '/team', label: 'Team' },
  { to: '/activity', label: 'Activity' },
  { to: '/billing', label: 'Billing' },
  { to: '/support', label: 'Support' },
  { to: '/settings', label: 'Settings' },
];

const staffNav = [
  { to: '/staff/customers', label: 'Customers' },
  { to: '/staff/hosts', label: 'Hosts' },
  { to: '/staff/domains', label: 'Domains & certificates' },
  { to: '/staff/domain-registrations', label: 'Domain registrations' },
  { to: '/staff/audits', label: 'Security audits' },
  { to: '/staff/tickets', label: 'Tickets' },
  { to: '/staff/incidents', label: 'Incidents' },
  { to: '/staff/billing', label: 'Billing' },
  { to: '/staff/outbox', label: 'Outbox' },
  { to: '/staff/audit', label: 'Audit log' },
  { to: '/staff/operations', label: 'Versions' },
  { to: '/settings', label: 'Settings' },
];

/** The signed-in frame: header with navigation for the user's kind, the email banner, the page. */
export function AppLayout() {
  const me = useMe();
  const { signOut } = useSession();
  const [signOutError, setSignOutError] = useState<string | null>(null);
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const previousPath = useRef(pathname);

  // After client-side navigation, move focus to the new page so screen readers start reading it.
  useEffect(() => {
    if (previousPath.current === pathname) return;
    previousPath.current = pathname;
    mainRef.current?.focus({ preventScroll: false });
  }, [pathname]);
  const isStaff = me.user.kind === 'staff';
  const nav = isStaff ? staffNav : customerNav;

  async function handleSignOut() {
    setSignOutError(null);
    try {
      // The session guard then takes the page to the sign-in form.
      await signOut();
    } catch (error) {
      setSignOutError(error instanceof ApiError ? error.message : 'Signing out failed.');
    }
  }

  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <div className="app-header-inner">
          <Link to="/" className="app-brand">
            <Brand />
            {isStaff && <span className="badge badge-staff">Staff</span>}
          </Link>
          <nav aria-label="Main" className="app-nav">
            <ul>
              {nav.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} className="app-nav-link">
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="app-user">
            <span className="app-user-name" title={me.user.email}>
              {me.customer ? me.customer.name : me.user.name}
            </span>
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => void handleSignOut()}
            >
              Sign out
            </button>
          </div>
        </div>
      </header>
      <div aria-live="polite">
        {signOutError && (
          <p className="banner banner-error" role="alert">
            {signOutError}
          </p>
        )}
      </div>
      {!isStaff && <IncidentBanner />}
      {!me.user.emailVerified && (
        <div className="banner banner-warning" role="status">
          <div className="banner-inner">
            <strong>Please verify your email address.</strong> We sent a link to {me.user.email}. Open it to
            confirm that this address is yours.
            <ResendVerificationButton email={me.user.email} />
          </div>
        </div>
      )}
      {isStaff && !me.user.twoFactorEnabled && (
        <div className="banner banner-warning" role="status">
          <div className="banner-inner">
            <strong>Staff accounts need two-factor authentication.</strong>{' '}
            <Link to="/settings">Set it up in Settings</Link> to protect customer data.
          </div>
        </div>
      )}
      <main id="main" className="app-main" tabIndex={-1} ref={mainRef}>
        <Outlet />
      </main>
      <footer className="app-footer">
        <span>imhost</span>
        <a href="/api/docs">API documentation</a>
      </footer>
    </div>
  );
}
