import type { AuditAction } from '../../api/audit-actions.js';
import { CYCLES, type Cycle } from '../../billing/index.js';
import { AppError } from '../../lib/errors.js';
import { loadConfig } from '../config.js';
import { composeServices, type Services } from '../compose.js';
import { UsageError, type Output } from './output.js';
import { resolvePassword } from './passwords.js';

export interface ParsedArgs {
  positionals: string[];
  values: {
    password?: string;
    role?: string;
    name?: string;
    customer?: string;
    plan?: string;
    cycle?: string;
    currency?: string;
  };
}

async function withServices<T>(fn: (services: Services) => Promise<T>): Promise<T> {
  const services = await composeServices({ config: loadConfig() });
  try {
    return await fn(services);
  } finally {
    await services.close();
  }
}

function splitJid(value: string | undefined): { username: string; domain: string } {
  const match = value?.match(/^([^@/]+)@([^@/]+)$/);
  if (!match) throw new UsageError('expected USER@DOMAIN');
  return { username: match[1]!, domain: match[2]! };
}

async function audit(
  services: Services,
  action: AuditAction,
  targetType: string,
  targetId: string,
  customerId: string | null,
) {
  await services.ctx.platform.audit.record({
    actorType: 'cli',
    actorId: process.env.USER ?? null,
    customerId,
    action,
    targetType,
    targetId,
    ip: null,
    details: null,
  });
}

export async function staffAdd(args: ParsedArgs, out: Output): Promise<void> {
  const email = args.positionals[2];
  if (!email) throw new UsageError('staff add needs EMAIL');
  if (!args.values.password) throw new UsageError('staff add needs --password');
  const role = (args.values.role ?? 'admin') as 'admin' | 'support' | 'billing';
  if (!['admin', 'support', 'billing'].includes(role))
    throw new UsageError('--role must be admin, support or billing');
  await withServices(async (services) => {
    const user = await services.ctx.accounts.createStaff({
      email,
      password: args.values.password!,
      name: args.values.name ?? email.split('@')[0]!,
      role,
    });
    await audit(services, 'staff.create', 'user', user.id, null);
    out.result({ user: { id: user.id, email: user.email, role } }, `Created staff ${user.email} (${role}).`);
  });
}

function cycleOf(value: string | undefined): Cycle | undefined {
  if (value === undefined || (CYCLES as readonly string[]).includes(value)) return value as Cycle | undefined;
  throw new UsageError(`--cycle must be ${CYCLES.join(', ')}`);
}

/** Operators name a plan by its code (`team`) or its id (`plan_team`). */
async function planIdOf(services: Services, plan: string): Promise<string> {
  const plans = await services.ctx.billing.catalog.listAll();
  return plans.find((candidate) => candidate.code === plan)?.id ?? plan;
}

export async function hostAdd(args: ParsedArgs, out: Output): Promise<void> {
  const domain = args.positionals[2];
  if (!domain) throw new UsageError('host add needs DOMAIN');
  if (!args.values.customer) throw new UsageError('host add needs --customer EMAIL');
  const { plan, currency } = args.values;
  const cycle = cycleOf(args.values.cycle);
  if (!plan && (cycle || currency)) throw new UsageError('--cycle and --currency need --plan');
  await withServices(async (services) => {
    const customerId = await services.ctx.accounts.findCustomerByUserEmail(args.values.customer!);
    if (!customerId)
      throw new AppError('customer_not_found', {
        message: `No customer has a user ${args.values.customer}.`,
      });
    if (!plan) {
      const host = await services.ctx.tenancy.createHost({ customerId, domain });
      await audit(services, 'host.create', 'host', host.id, customerId);
      return out.result({ host }, `Created IM host ${host.domain} (${host.id}).`);
    }
    const planId = await planIdOf(services, plan);
    const host = await services.ctx.workflows.createHostOnPlan({
      customerId,
      domain,
      planId,
      cycle,
      currency,
    });
    await audit(services, 'host.create', 'host', host.id, customerId);
    const { subscription } = host;
    out.result(
      { host },
      `Created IM host ${host.domain} (${host.id}) on ${subscription.planId}: subscription ${subscription.id} is ${subscription.status}.`,
    );
  });
}

export async function memberAdd(args: ParsedArgs, out: Output): Promise<void> {
  const { username, domain } = splitJid(args.positionals[2]);
  const { password, generated } = await resolvePassword(args.values.password);
  await withServices(async (services) => {
    const member = await services.ctx.tenancy.addMember({
      domain,
      username,
      password,
      displayName: args.values.name,
    });
    await audit(services, 'member.create', 'member', `${member.username}@${domain}`, null);
    out.result(
      {
        member: { jid: `${member.username}@${domain}`, username: member.username },
        ...(generated ? { password } : {}),
      },
      `Created ${member.username}@${domain}.${generated ? `\nPassword: ${password}` : ''}`,
    );
  });
}

export async function memberPasswd(args: ParsedArgs, out: Output): Promise<void> {
  const { username, domain } = splitJid(args.positionals[2]);
  const { password, generated } = await resolvePassword(args.values.password);
  await withServices(async (services) => {
    await services.ctx.tenancy.setMemberPassword({ domain, username, password });
    await audit(services, 'member.password', 'member', `${username}@${domain}`, null);
    out.result(
      { jid: `${username}@${domain}`, ...(generated ? { password } : {}) },
      `Changed the password of ${username}@${domain}.${generated ? `\nPassword: ${password}` : ''}`,
    );
  });
}
