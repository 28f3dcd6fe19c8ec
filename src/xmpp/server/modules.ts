import type { Config } from '../../platform/config.js';
import type { XmppModule } from '../core/index.js';
import { blockingModule } from '../modules/blocking/module.js';
import { carbonsModule } from '../modules/carbons/module.js';
import { contactAddressesModule } from '../modules/contact-addresses/module.js';
import { discoModule } from '../modules/disco/module.js';
import { lastActivityModule } from '../modules/last/module.js';
import { mamModule } from '../modules/mam/module.js';
import { messageModule } from '../modules/message/module.js';
import { offlineModule } from '../modules/offline/module.js';
import { pingModule } from '../modules/ping/module.js';
import { presenceModule } from '../modules/presence/module.js';
import { registerModule } from '../modules/register/module.js';
import { rosterModule } from '../modules/roster/module.js';
import { timeModule } from '../modules/time/module.js';
import { uploadModule, type UploadService } from '../modules/upload/index.js';
import { vcardModule } from '../modules/vcard/module.js';
import { versionModule } from '../modules/version/module.js';

export interface ModuleSettings {
  contacts: Pick<Config, 'contactAbuse' | 'contactSupport' | 'contactSecurity'>;
  serverVersion: string;
  uploads: UploadService;
}

/** The feature modules `imhost start` loads, in load order. */
export function defaultModules(settings: ModuleSettings): XmppModule[] {
  return [
    discoModule,
    messageModule,
    presenceModule,
    rosterModule,
    offlineModule,
    mamModule,
    blockingModule,
    carbonsModule,
    pingModule,
    versionModule(settings.serverVersion),
    timeModule,
    lastActivityModule,
    vcardModule,
    registerModule,
    contactAddressesModule(settings.contacts),
    uploadModule(settings.uploads),
  ];
}
