/**
 * XEP-0045 group chat at `conference.<domain>` of every host, one of the host's disco#items. Members
 * of the host create rooms; accounts of the other hosts served here enter them as federated users
 * would, under each room's configuration. The host's plan bounds how many rooms it keeps and how
 * many people one room holds (`maxRooms`, `maxRoomOccupants`), and how long the rooms' XEP-0313
 * archives keep messages. The rooms themselves are in muc-service.ts; this file only declares.
 */
import { defineModule, HookPriority, option, type RouteContext } from '../../core/index.js';
import { StanzaError } from '../../stanza/index.js';
import { createMucRepository } from './muc.repository.js';
import { createMucService, serviceFeatures } from './muc-service.js';

export const MUC_PURGE_JOB = 'xmpp.muc.purge';

export const mucModule = defineModule({
  name: 'muc',
  implements: [
    {
      spec: 'XEP-0045',
      version: '1.35.1',
      note: 'at conference.<domain>; rooms and occupants limited by the plan; IQs relayed to occupants',
    },
    { spec: 'XEP-0249', version: '1.2', note: 'announced; invitations pass between clients' },
    { spec: 'XEP-0313', version: '1.1.3', note: "room archives, kept as long as the host's plan says" },
    { spec: 'XEP-0359', version: '0.7.0', note: 'stanza-id by the room on every groupchat message' },
    { spec: 'XEP-0410', version: '1.1.0', note: 'self-ping answered by the service' },
    { spec: 'XEP-0421', version: '0.2.0' },
  ],
  options: {
    defaultPageSize: option.integer({
      default: 50,
      min: 1,
      max: 1000,
      description: 'Room archive results per page when the query gives no max.',
    }),
    maxPageSize: option.integer({
      default: 250,
      min: 1,
      max: 1000,
      description: 'Most room archive results per page, whatever the query asks.',
    }),
  },
  setup(ctx) {
    const muc = createMucService(ctx, ctx.storage(createMucRepository), {
      defaultPageSize: ctx.options.defaultPageSize,
      maxPageSize: ctx.options.maxPageSize,
    });
    ctx.service({
      label: 'conference',
      identity: { category: 'conference', type: 'text', name: 'Chatrooms' },
      features: serviceFeatures(),
      forms: [],
      isEntityHost: true,
    });
    ctx.provide('chat-rooms', {
      list: (host) => muc.listRooms(host),
      destroy: (host, name, reason) => muc.destroyByName(host, name, reason),
    });

    // A stanza the service refuses bounces to its sender with the error XEP-0045 gives.
    const handle = (handler: (route: RouteContext) => Promise<void>) => async (route: RouteContext) => {
      if (route.service?.label !== 'conference') return false;
      try {
        await handler(route);
      } catch (error) {
        if (!(error instanceof StanzaError)) throw error;
        const reply = muc.bounce(route.stanza, error);
        if (route.origin) ctx.deliver(route.origin, reply);
        else if (reply.attrs.to) await ctx.route(reply);
      }
      return true;
    };
    ctx.hook('presence/service', HookPriority.handle, handle(muc.presence));
    ctx.hook('message/service', HookPriority.handle, handle(muc.message));
    ctx.hook('iq/service', HookPriority.handle, handle(muc.iq));
    ctx.hook('session/closed', HookPriority.observe, async ({ session }) => {
      await muc.sessionClosed(session);
      return false;
    });

    ctx.onTenancy('host.deleted', ({ hostId }) => muc.forgetHost(hostId));
    ctx.onStart(async () => {
      await muc.deleteTemporaryRooms();
    });
    ctx.onUnload(() => muc.drained());
    ctx.job({
      name: MUC_PURGE_JOB,
      cron: '40 * * * *',
      run: () => muc.purgeExpired(() => ctx.listEntitlements()),
    });
  },
});
