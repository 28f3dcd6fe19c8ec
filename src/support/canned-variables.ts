/**
 * Fills the variables of a canned response. Known variables are replaced; an unknown one is left
 * as written, so a typo shows up in the preview instead of silently vanishing.
 */
export interface CannedContext {
  customer: { name: string; email: string; organization: string };
  ticket: { id: string; subject: string };
  host: { domain: string } | null;
  agent: { name: string };
}

export function fillCannedVariables(template: string, context: CannedContext): string {
  const values: Record<string, string> = {
    'customer.name': context.customer.name,
    'customer.email': context.customer.email,
    'customer.organization': context.customer.organization,
    'ticket.id': context.ticket.id,
    'ticket.subject': context.ticket.subject,
    'host.domain': context.host?.domain ?? '',
    'agent.name': context.agent.name,
  };
  return template.replace(/\{([a-z]+\.[a-z]+)\}/g, (whole, name: string) => values[name] ?? whole);
}
