import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, forgetSessionCookie, mayHaveSession, rememberCsrfToken, unwrap } from '../api/client';
import type { Me } from '../api/views';

type SessionState =
  | { status: 'loading' }
  /** `isDeliberate`: the user pressed Sign out, so no page is resumed after signing in again. */
  | { status: 'signed-out'; isDeliberate: boolean }
  | { status: 'signed-in'; me: Me }
  | { status: 'error'; error: ApiError };

interface SessionValue {
  state: SessionState;
  /** Re-reads GET /me, for example after signing in or verifying the email address. */
  refresh(): Promise<Me | null>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

async function loadMe(): Promise<Me | null> {
  if (!mayHaveSession()) {
    rememberCsrfToken(null);
    return null;
  }
  try {
    const me = await unwrap(api.GET('/api/v1/me'));
    rememberCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      rememberCsrfToken(null);
      forgetSessionCookie();
      return null;
    }
    throw error;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      const me = await loadMe();
      setState(me ? { status: 'signed-in', me } : { status: 'signed-out', isDeliberate: false });
      return me;
    } catch (error) {
      setState({ status: 'error', error: error as ApiError });
      return null;
    }
  }, []);

  const signOut = useCallback(async () => {
    try {
      await unwrap(api.POST('/api/v1/logout'));
    } catch (error) {
      // An expired session is already signed out; anything else is worth showing.
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    rememberCsrfToken(null);
    setState({ status: 'signed-out', isDeliberate: true });
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const value = useMemo(() => ({ state, refresh, signOut }), [state, refresh, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user; only for pages rendered inside the signed-in layout. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useMe without a session');
  return state.me;
}
