/** The support desk's test fixtures: its people, the fields of a ticket as the dashboard files it, a screenshot. */
import sharp from 'sharp';
import type { Dialect } from '../../src/platform/db/index.js';
import { signInStaff, signUpCustomer, type Actor, type CustomerActor } from './actors.js';
import { startTestApp, type TestApp } from './app.js';

export interface SupportDesk {
  t: TestApp;
  /** Alice, of the organisation "Alice Ltd": the customer who files the tickets. */
  alice: CustomerActor;
  /** The support agent who answers them. */
  agent: Actor;
}

/** The product on `dialect` (configured by `env`), with a customer and a support agent called `agentName`. */
export async function openSupportDesk(
  dialect: Dialect,
  env: Record<string, string>,
  agentName: string,
): Promise<SupportDesk> {
  const t = await startTestApp(dialect, env);
  try {
    const alice = await signUpCustomer(t, { name: 'Alice', organization: 'Alice Ltd' });
    const agent = await signInStaff(t, 'support', agentName);
    return { t, alice, agent };
  } catch (error) {
    await t.close();
    throw error;
  }
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
