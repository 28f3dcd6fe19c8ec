import { NavLink } from 'react-router';

const links = [
  { to: '/staff/billing', label: 'Overview', end: true },
  { to: '/staff/billing/catalog', label: 'Catalog', end: false },
  { to: '/staff/billing/invoices', label: 'Invoices', end: false },
  { to: '/staff/billing/payments', label: 'Payments', end: false },
];

/** The sections of staff billing, under the page title. */
export function StaffBillingNav() {
  return (
    <nav aria-label="Billing" className="sub-nav">
      <ul>
        {links.map((link) => (
          <li key={link.to}>
            <NavLink to={link.to} end={link.end} className="sub-nav-link">
              {link.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export const staffCustomerPath = (customerId: string) =>
  `/staff/billing/customers/${encodeURIComponent(customerId)}`;

export const staffInvoicePath = (invoice: { id: string; customerId: string }) =>
  `${staffCustomerPath(invoice.customerId)}/invoices/${encodeURIComponent(invoice.id)}`;
