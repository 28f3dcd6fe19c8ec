/**
 * Every XMPP feature module, the one list the server loads from. Adding a module is a folder with
 * its module.ts and one line here. Modules load in this order as far as their declared
 * dependencies allow (module-order.ts); it is also the order of equal-priority hooks, and disco
 * leads so that the server's own identity comes first in disco#info.
 */
import type { XmppModule } from '../core/index.js';
import { blockingModule } from './blocking/module.js';
import { carbonsModule } from './carbons/module.js';
import { componentModule } from './component/module.js';
import { contactAddressesModule } from './contact-addresses/module.js';
import { discoModule } from './disco/module.js';
import { externalServicesModule } from './external-services/module.js';
import { lastActivityModule } from './last/module.js';
import { mamModule } from './mam/module.js';
import { messageModule } from './message/module.js';
import { mucModule } from './muc/module.js';
import { offlineModule } from './offline/module.js';
import { outageStatusModule } from './outage-status/module.js';
import { pepModule } from './pep/module.js';
import { pingModule } from './ping/module.js';
import { presenceModule } from './presence/module.js';
import { privateModule } from './private/module.js';
import { registerModule } from './register/module.js';
import { rosterModule } from './roster/module.js';
import { streamManagementModule } from './stream-management/module.js';
import { timeModule } from './time/module.js';
import { uploadModule } from './upload/module.js';
import { vcardModule } from './vcard/module.js';
import { versionModule } from './version/module.js';

export const xmppModules: readonly XmppModule[] = [
  discoModule,
  messageModule,
  rosterModule,
  presenceModule,
  offlineModule,
  mamModule,
  blockingModule,
  carbonsModule,
  pingModule,
  versionModule,
  timeModule,
  lastActivityModule,
  vcardModule,
  pepModule,
  privateModule,
  registerModule,
  contactAddressesModule,
  outageStatusModule,
  uploadModule,
  externalServicesModule,
  mucModule,
  streamManagementModule,
  componentModule,
];
