import type { BillingCycle } from '../../api/views';

/** The billing cycles, in the order a drop-down offers them. */
export const cycleOptions: { value: BillingCycle; label: string }[] = [
  { value: 'monthly', label: 'Monthly' },
  { value: 'quarterly', label: 'Quarterly' },
  { value: 'annual', label: 'Annual' },
];
