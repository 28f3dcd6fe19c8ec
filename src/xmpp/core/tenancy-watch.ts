/**
 * Reacts to tenancy changes at once: a new or changed host is looked up afresh, and the sessions a
 * change takes away (suspended or deleted host, disabled or deleted member) are closed with a
 * stream error that says why.
 */
import { jid, StreamError } from '../stanza/index.js';
import type { TenancyEvents } from './ports.js';
import type { XmppCore } from './xmpp-core.js';

export function watchTenancy(
  core: XmppCore,
  events: TenancyEvents,
  onHostCreated: (domain: string) => void,
): () => void {
  const closeHost = (domain: string, error: StreamError) => {
    for (const session of core.sessions.sessionsOfHost(domain)) session.close(error);
  };
  const closeMember = (domain: string, username: string, text: string) => {
    for (const session of core.sessions.resourcesOf(jid(username, domain)))
      session.close(new StreamError('not-authorized', { text }));
  };
  const undo = [
    events.on('host.created', ({ domain }) => {
      core.hosts.forget(domain);
      onHostCreated(domain);
    }),
    events.on('host.status_changed', ({ domain, status }) => {
      core.hosts.forget(domain);
      if (status === 'suspended')
        closeHost(
          domain,
          new StreamError('policy-violation', { text: 'This service is suspended; see the dashboard.' }),
        );
      if (status === 'terminated')
        closeHost(domain, new StreamError('host-gone', { text: 'This service has ended.' }));
    }),
    events.on('host.deleted', ({ domain }) => {
      core.hosts.forget(domain);
      closeHost(domain, new StreamError('host-gone', { text: 'This service has ended.' }));
    }),
    events.on('member.disabled', ({ domain, username }) =>
      closeMember(domain, username, 'This account is disabled.'),
    ),
    events.on('member.deleted', ({ domain, username }) =>
      closeMember(domain, username, 'This account was deleted.'),
    ),
  ];
  return () => undo.forEach((off) => off());
}
