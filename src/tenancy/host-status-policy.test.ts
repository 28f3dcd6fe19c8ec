import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '../lib/errors.js';
import { decideStatusChange, type Actor, type StatusChange } from './host-status-policy.js';

const customer: Actor = { kind: 'customer', customerId: 'cus_1' };
const staff: Actor = { kind: 'staff' };
const active: StatusChange = { status: 'active', statusReason: null };
const pausedByCustomer: StatusChange = { status: 'suspended', statusReason: 'customer' };
const unpaid: StatusChange = { status: 'suspended', statusReason: 'non_payment' };
const byStaff: StatusChange = { status: 'suspended', statusReason: 'staff' };
const terminated: StatusChange = { status: 'terminated', statusReason: 'staff' };

const isForbidden = (error: unknown) => isAppError(error) && error.code === 'forbidden';

describe('decideStatusChange', () => {
  it('lets a customer pause and resume its own host', () => {
    assert.deepEqual(decideStatusChange(customer, active, { status: 'suspended' }), pausedByCustomer);
    assert.deepEqual(decideStatusChange(customer, pausedByCustomer, { status: 'active' }), active);
    assert.deepEqual(decideStatusChange(customer, active, { status: 'active' }), active);
  });

  it('does not let a customer lift a suspension by staff or for non-payment', () => {
    assert.throws(() => decideStatusChange(customer, unpaid, { status: 'active' }), isForbidden);
    assert.throws(() => decideStatusChange(customer, byStaff, { status: 'active' }), isForbidden);
    assert.deepEqual(decideStatusChange(customer, unpaid, { status: 'suspended' }), unpaid, 'nor relabel it');
  });

  it('does not let a customer terminate, touch a terminated host, or name another reason', () => {
    assert.throws(() => decideStatusChange(customer, active, { status: 'terminated' }), isForbidden);
    assert.throws(() => decideStatusChange(customer, terminated, { status: 'active' }), isForbidden);
    assert.throws(
      () => decideStatusChange(customer, active, { status: 'suspended', reason: 'abuse' }),
      isForbidden,
    );
  });

  it('lets staff and the system set any status with any reason', () => {
    assert.deepEqual(decideStatusChange(staff, active, { status: 'suspended' }), byStaff);
    assert.deepEqual(decideStatusChange(staff, active, { status: 'suspended', reason: 'abuse' }), {
      status: 'suspended',
      statusReason: 'abuse',
    });
    assert.deepEqual(decideStatusChange(staff, unpaid, { status: 'active' }), active);
    assert.deepEqual(decideStatusChange(staff, active, { status: 'terminated' }), terminated);
    assert.deepEqual(
      decideStatusChange({ kind: 'system' }, active, { status: 'suspended', reason: 'non_payment' }),
      unpaid,
    );
  });
});
