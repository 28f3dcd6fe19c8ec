import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../lib/errors.js';
import type { AuthContext } from './auth-types.js';
import { requireCustomer, requireStaff, requireUser } from './auth.js';

function requestAs(
  auth:
    | (Partial<AuthContext> & { kind?: 'staff' | 'customer'; staffRole?: AuthContext['user']['staffRole'] })
    | null,
): FastifyRequest {
  if (auth === null) return { auth: null } as FastifyRequest;
  const { kind = 'customer', staffRole = null, ...rest } = auth;
  return {
    auth: {
      user: { id: 'usr_1', email: 'a@example.com', name: 'A', kind, staffRole },
      customerId: null,
      customerRole: null,
      via: 'session',
      sessionId: 'x',
      ...rest,
    },
  } as FastifyRequest;
}

async function outcome(
  guard: (request: FastifyRequest) => Promise<void>,
  request: FastifyRequest,
): Promise<string> {
  try {
    await guard(request);
    return 'pass';
  } catch (error) {
    assert.ok(error instanceof AppError);
    return error.code;
  }
}

describe('route guards', () => {
  it('requireUser wants any caller', async () => {
    assert.equal(await outcome(requireUser, requestAs(null)), 'unauthenticated');
    assert.equal(await outcome(requireUser, requestAs({})), 'pass');
  });

  it('requireStaff checks kind and role, and admins pass every role', async () => {
    const support = requestAs({ kind: 'staff', staffRole: 'support' });
    const admin = requestAs({ kind: 'staff', staffRole: 'admin' });
    const customer = requestAs({ customerId: 'cus_1', customerRole: 'owner' });
    assert.equal(await outcome(requireStaff(), requestAs(null)), 'unauthenticated');
    assert.equal(await outcome(requireStaff(), customer), 'staff_only');
    assert.equal(await outcome(requireStaff(), support), 'pass');
    assert.equal(await outcome(requireStaff('support'), support), 'pass');
    assert.equal(await outcome(requireStaff('billing'), support), 'forbidden');
    assert.equal(await outcome(requireStaff('billing', 'support'), support), 'pass');
    assert.equal(await outcome(requireStaff('billing'), admin), 'pass');
  });

  it('requireCustomer wants a customer user with one of the roles, and owners pass every role', async () => {
    const billing = requestAs({ customerId: 'cus_1', customerRole: 'billing' });
    const owner = requestAs({ customerId: 'cus_1', customerRole: 'owner' });
    assert.equal(await outcome(requireCustomer(), requestAs(null)), 'unauthenticated');
    assert.equal(
      await outcome(requireCustomer(), requestAs({ kind: 'staff', staffRole: 'admin' })),
      'forbidden',
    );
    assert.equal(await outcome(requireCustomer(), billing), 'pass');
    assert.equal(await outcome(requireCustomer('admin'), billing), 'forbidden');
    assert.equal(await outcome(requireCustomer('admin', 'billing'), billing), 'pass');
    assert.equal(await outcome(requireCustomer('admin'), owner), 'pass');
  });
});
