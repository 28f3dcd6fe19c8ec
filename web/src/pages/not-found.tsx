import { Link } from 'react-router';
import { PageHeader } from '../components/page-header';

export function NotFoundPage() {
  return (
    <div className="center-page">
      <div className="auth-card">
        <PageHeader title="Page not found" />
        <p>There is nothing at this address.</p>
        <p>
          <Link to="/">Go to the dashboard</Link>
        </p>
      </div>
    </div>
  );
}
