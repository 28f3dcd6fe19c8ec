import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../lib/errors.js';
import type { CustomerActor, StaffActor } from '../../../support/index.js';

/** The signed-in customer user, after requireCustomer() ran. */
export function customerActor(request: FastifyRequest): CustomerActor {
  const auth = request.auth;
  if (!auth?.customerId) throw new AppError('forbidden');
  return { customerId: auth.customerId, userId: auth.user.id, email: auth.user.email, name: auth.user.name };
}

/** The signed-in agent, after requireStaff() ran. */
export function staffActor(request: FastifyRequest): StaffActor {
  const auth = request.auth;
  if (!auth || auth.user.kind !== 'staff') throw new AppError('staff_only');
  return { userId: auth.user.id, name: auth.user.name };
}
