import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Brand } from './brand';

/** The frame of the signed-out pages: one centred card. */
export function AuthLayout({ children, footer }: { children: ReactNode; footer?: ReactNode }) {
  return (
    <div className="auth-shell">
      <Link to="/" className="auth-brand">
        <Brand />
      </Link>
      <main id="main" className="auth-card">
        {children}
      </main>
      {footer && <div className="auth-footer">{footer}</div>}
    </div>
  );
}
