/**
 * An OMEMO-shaped exchange with @xmpp/client (npm), run as a child process by
 * test/xmpp-omemo.test.ts: Alice and Bob, who are not each other's contacts, each publish a device
 * list and a key bundle with publish-options (access_model open), as Conversations does for
 * legacy OMEMO (eu.siacs.conversations.axolotl) and Dino and Gajim for OMEMO 2 (urn:xmpp:omemo:2),
 * then each fetches the other's. Exit code 0 means every check held.
 *
 * usage: omemo-scenario.ts SERVICE DOMAIN PASSWORD
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { client, xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';

const [service, domain, password] = process.argv.slice(2) as [string, string, string];
const PUBSUB = 'http://jabber.org/protocol/pubsub';
const AXOLOTL = 'eu.siacs.conversations.axolotl';
const OMEMO2 = 'urn:xmpp:omemo:2';

function connect(username: string) {
  // @xmpp/client waits 2 s per stream step by default: too short on a loaded CI machine.
  const xmpp = client({ service, domain, username, password, resource: 'omemo', timeout: 30_000 });
  xmpp.reconnect.stop();
  xmpp.on('error', (error: Error) => console.error(`${username}: ${error.message}`));
  return xmpp;
}
type Client = ReturnType<typeof connect>;

function publishOptions(fields: Record<string, string>): Element {
  return xml(
    'publish-options',
    {},
    xml(
      'x',
      { xmlns: 'jabber:x:data', type: 'submit' },
      xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, `${PUBSUB}#publish-options`)),
      ...Object.entries(fields).map(([name, value]) => xml('field', { var: name }, xml('value', {}, value))),
    ),
  );
}

async function publish(
  xmpp: Client,
  node: string,
  id: string,
  payload: Element,
  options: Record<string, string>,
) {
  const reply = await xmpp.iqCaller.request(
    xml(
      'iq',
      { type: 'set' },
      xml(
        'pubsub',
        { xmlns: PUBSUB },
        xml('publish', { node }, xml('item', { id }, payload)),
        publishOptions(options),
      ),
    ),
  );
  assert.equal(reply.getChild('pubsub')?.getChild('publish')?.getChild('item')?.attrs.id, id);
}

async function items(xmpp: Client, owner: string, node: string, max?: number): Promise<Element[]> {
  const reply = await xmpp.iqCaller.request(
    xml(
      'iq',
      { type: 'get', to: owner },
      xml(
        'pubsub',
        { xmlns: PUBSUB },
        xml('items', { node, ...(max !== undefined && { max_items: String(max) }) }),
      ),
    ),
  );
  return reply.getChild('pubsub')!.getChild('items')!.getChildren('item');
}

const key = () => randomBytes(33).toString('base64');

/** A device's keys as Conversations publishes them (legacy OMEMO). */
function axolotlBundle(): Element {
  return xml(
    'bundle',
    { xmlns: AXOLOTL },
    xml('signedPreKeyPublic', { signedPreKeyId: '1' }, key()),
    xml('signedPreKeySignature', {}, randomBytes(64).toString('base64')),
    xml('identityKey', {}, key()),
    xml(
      'prekeys',
      {},
      ...Array.from({ length: 20 }, (_, i) => xml('preKeyPublic', { preKeyId: String(i + 1) }, key())),
    ),
  );
}

/** The same in OMEMO 2 (XEP-0384 0.8): one node for all bundles, an item per device. */
function omemo2Bundle(): Element {
  return xml(
    'bundle',
    { xmlns: OMEMO2 },
    xml('spk', { id: '1' }, key()),
    xml('spks', {}, randomBytes(64).toString('base64')),
    xml('ik', {}, key()),
    xml('prekeys', {}, ...Array.from({ length: 20 }, (_, i) => xml('pk', { id: String(i + 1) }, key()))),
  );
}

const open = { 'pubsub#access_model': 'open' };
const accounts = [
  { name: 'alice', deviceId: String(100_000 + randomBytes(2).readUInt16BE()) },
  { name: 'bob', deviceId: String(200_000 + randomBytes(2).readUInt16BE()) },
];
const clients = new Map<string, Client>();
const bundles = new Map<string, { axolotl: string; omemo2: string }>();

for (const { name, deviceId } of accounts) {
  const xmpp = connect(name);
  await xmpp.start();
  await xmpp.send(xml('presence'));
  clients.set(name, xmpp);

  await publish(
    xmpp,
    `${AXOLOTL}.devicelist`,
    'current',
    xml('list', { xmlns: AXOLOTL }, xml('device', { id: deviceId })),
    open,
  );
  const axolotl = axolotlBundle();
  await publish(xmpp, `${AXOLOTL}.bundles:${deviceId}`, 'current', axolotl, open);

  const omemo2 = omemo2Bundle();
  await publish(
    xmpp,
    `${OMEMO2}:devices`,
    'current',
    xml('devices', { xmlns: OMEMO2 }, xml('device', { id: deviceId, label: `${name}'s phone` })),
    {
      ...open,
      'pubsub#max_items': '1',
    },
  );
  await publish(xmpp, `${OMEMO2}:bundles`, deviceId, omemo2, { ...open, 'pubsub#max_items': 'max' });
  // Publishing again with the same options is what clients do at every start: it must succeed.
  await publish(xmpp, `${OMEMO2}:bundles`, deviceId, omemo2, { ...open, 'pubsub#max_items': 'max' });
  bundles.set(name, { axolotl: axolotl.toString(), omemo2: omemo2.toString() });
}

for (const [reader, owner] of [
  ['alice', 'bob'],
  ['bob', 'alice'],
] as const) {
  const xmpp = clients.get(reader)!;
  const ownerJid = `${owner}@${domain}`;
  const { deviceId } = accounts.find((a) => a.name === owner)!;

  const [list] = await items(xmpp, ownerJid, `${AXOLOTL}.devicelist`);
  const devices = list!
    .getChild('list', AXOLOTL)!
    .getChildren('device')
    .map((d) => d.attrs.id);
  assert.deepEqual(devices, [deviceId], `${reader} reads ${owner}'s legacy device list`);
  const [bundle] = await items(xmpp, ownerJid, `${AXOLOTL}.bundles:${devices[0]}`, 1);
  assert.equal(
    bundle!.getChild('bundle', AXOLOTL)!.toString(),
    bundles.get(owner)!.axolotl,
    `${reader} reads ${owner}'s legacy bundle`,
  );

  const [current] = await items(xmpp, ownerJid, `${OMEMO2}:devices`);
  const omemo2Devices = current!
    .getChild('devices', OMEMO2)!
    .getChildren('device')
    .map((d) => d.attrs.id);
  assert.deepEqual(omemo2Devices, [deviceId], `${reader} reads ${owner}'s OMEMO 2 device list`);
  const byId = await xmpp.iqCaller.request(
    xml(
      'iq',
      { type: 'get', to: ownerJid },
      xml(
        'pubsub',
        { xmlns: PUBSUB },
        xml('items', { node: `${OMEMO2}:bundles` }, xml('item', { id: deviceId })),
      ),
    ),
  );
  const item = byId.getChild('pubsub')!.getChild('items')!.getChild('item')!;
  assert.equal(item.attrs.id, deviceId);
  assert.equal(
    item.getChild('bundle', OMEMO2)!.toString(),
    bundles.get(owner)!.omemo2,
    `${reader} reads ${owner}'s OMEMO 2 bundle`,
  );
}

for (const xmpp of clients.values()) await xmpp.stop();
console.log('ok: each read the other device list and bundle, legacy and OMEMO 2');
