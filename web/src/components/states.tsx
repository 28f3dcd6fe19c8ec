import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { ApiError } from '../api/client';
import type { Loadable } from '../hooks/use-api-data';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="state state-loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">This could not be loaded.</p>
      <p>{error.message}</p>
      {error.code === 'totp_enrollment_required' && (
        <p>
          <Link to="/settings">Set up two-factor authentication</Link>
        </p>
      )}
      {onRetry && (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

interface DataViewProps<T> {
  state: Loadable<T>;
  onRetry?: () => void;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}

/** Renders loading, error and empty states around a loaded value, so every view has all three. */
export function DataView<T>({ state, onRetry, isEmpty, empty, children }: DataViewProps<T>) {
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorState error={state.error} onRetry={onRetry} />;
  if (isEmpty?.(state.data)) return <>{empty}</>;
  return <>{children(state.data)}</>;
}
