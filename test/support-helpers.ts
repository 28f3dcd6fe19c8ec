/**
 * The support desk tests' own fixtures (ticket fields, a screenshot). The session and call helpers
 * here are the old import path of test/support/ (api-client, actors, errors, outbox), kept so that
 * tests written against it still compile; new tests import those from test/support/ directly.
 */
import sharp from 'sharp';
import type { TestApp } from './support/app.js';
import * as actors from './support/actors.js';

export { call, form, postForm, type FilePart } from './support/api-client.js';
export { errorCode } from './support/errors.js';
export { outboxTo } from './support/outbox.js';
export type Session = actors.Actor;

/** A customer whose user is called `name`, of the organisation "`name` Ltd". */
export function signUpCustomer(t: TestApp, name: string): Promise<actors.CustomerActor> {
  return actors.signUpCustomer(t, {
    name,
    organization: `${name} Ltd`,
    email: actors.uniqueEmail(name, 'customer.test'),
  });
}

export function signInStaff(t: TestApp, name: string, role: actors.StaffRole = 'support'): Promise<Session> {
  return actors.signInStaff(t, role, name);
}

export const DESCRIPTION = 'Since this morning no client can log in to our host; they all time out.';

export function ticketFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    departmentId: 'dep_technical',
    priority: 'normal',
    subject: 'Clients cannot log in',
    description: DESCRIPTION,
    ...overrides,
  };
}

/** A JPEG with EXIF metadata that must not survive the upload. */
export async function screenshot(): Promise<Buffer> {
  return sharp({ create: { width: 640, height: 360, channels: 3, background: '#204060' } })
    .jpeg()
    .withExif({ IFD0: { Copyright: 'exif-secret-owner' } })
    .toBuffer();
}
