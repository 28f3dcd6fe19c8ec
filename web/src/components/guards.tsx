import type { ReactNode } from 'react';
import { Navigate, useLocation, useSearchParams } from 'react-router';
import { useSession } from '../session/session';
import { ErrorState, Loading } from './states';

type SessionChildren = (signedIn: boolean, isStaff: boolean, isDeliberateSignOut: boolean) => ReactNode;

function SessionPending({ children }: { children: SessionChildren }) {
  const { state, refresh } = useSession();
  if (state.status === 'loading')
    return (
      <div className="center-page">
        <Loading />
      </div>
    );
  if (state.status === 'error')
    return (
      <div className="center-page">
        <ErrorState error={state.error} onRetry={() => void refresh()} />
      </div>
    );
  const signedIn = state.status === 'signed-in';
  const isStaff = signedIn && state.me.user.kind === 'staff';
  return <>{children(signedIn, isStaff, state.status === 'signed-out' && state.isDeliberate)}</>;
}

/** Pages for signed-in users; others go to the sign-in page and come back afterwards. */
export function RequireSignedIn({
  children,
  staffOnly = false,
}: {
  children: ReactNode;
  staffOnly?: boolean;
}) {
  const location = useLocation();
  return (
    <SessionPending>
      {(signedIn, isStaff, isDeliberateSignOut) => {
        if (isDeliberateSignOut) return <Navigate to="/login" replace />;
        if (!signedIn) {
          const next = location.pathname + location.search;
          return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
        }
        if (staffOnly && !isStaff) return <Navigate to="/" replace />;
        return children;
      }}
    </SessionPending>
  );
}

/** Only paths inside the dashboard, so a crafted link cannot send users elsewhere after sign-in. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/**
 * Sign-in and sign-up are for signed-out visitors; a session (also the one just started on this
 * page) goes on to `?next=` or its home page.
 */
export function RedirectIfSignedIn({ children }: { children: ReactNode }) {
  const [params] = useSearchParams();
  return (
    <SessionPending>
      {(signedIn) => (signedIn ? <Navigate to={safeNext(params.get('next'))} replace /> : children)}
    </SessionPending>
  );
}

/** The home page depends on who is signed in. */
export function HomeRedirect() {
  return (
    <SessionPending>
      {(signedIn, isStaff) => (
        <Navigate to={!signedIn ? '/login' : isStaff ? '/staff/customers' : '/hosts'} replace />
      )}
    </SessionPending>
  );
}
