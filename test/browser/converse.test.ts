/**
 * Converse.js (npm `converse.js`, its built files served from this machine) in Debian's chromium,
 * over imhost's WebSocket endpoint (RFC 7395): Alice logs in, joins a room where Bob, in slixmpp,
 * is already present, they talk both ways, and Converse.js shows the avatar Bob published with
 * XEP-0084, which it reads as his vCard photo (XEP-0398) through the room.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { launchBrowser, shown, type Browser } from '../support/browser.js';
import { CLIENT_PASSWORD, serveAliceAndBob, startSlixmpp, type LiveClient } from '../xmpp/real-clients.js';

const DOMAIN = 'converse.example.test';
const ROOM = `lounge@conference.${DOMAIN}`;
const ALICE_SAYS = 'Hello from Converse.js';
const BOB_SAYS = 'Hello back from slixmpp';
const converseDist = fileURLToPath(new URL('../../node_modules/converse.js/dist/', import.meta.url));

/** The page that starts Converse.js: it logs in at once and joins the room; nothing leaves the machine. */
function conversePage(websocketUrl: string): string {
  const settings = {
    assets_path: '/dist/',
    websocket_url: websocketUrl,
    // No host-meta lookup (XEP-0156): the test says where the endpoint is.
    discover_connection_methods: false,
    authentication: 'login',
    auto_login: true,
    auto_reconnect: false,
    jid: `alice@${DOMAIN}`,
    password: CLIENT_PASSWORD,
    nickname: 'Alice',
    auto_join_rooms: [{ jid: ROOM, nick: 'Alice' }],
    blacklisted_plugins: ['converse-omemo', 'converse-omemo-views'],
    // The full-screen mode's login page shows sponsors' logos from conversejs.org; this one does not.
    view_mode: 'overlayed',
    i18n: 'en',
    loglevel: 'warn',
    // Fetch vCards as soon as someone shows up, not when scrolled into view.
    lazy_load_vcards: false,
    play_sounds: false,
    show_desktop_notifications: false,
    show_images_inline: false,
    embed_3rd_party_media_players: false,
  };
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Converse.js on imhost</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="/dist/converse.min.css">
  </head>
  <body>
    <script type="module">
      import converse from '/dist/converse.min.js';
      converse.initialize(${JSON.stringify(settings)});
    </script>
  </body>
</html>`;
}

describe('Converse.js in chromium over WebSocket, with a slixmpp occupant', () => {
  const served = serveAliceAndBob('sqlite', DOMAIN);
  let assets: FastifyInstance;
  let browser: Browser;
  let bob: LiveClient;

  before(async () => {
    const websocketUrl = `ws://127.0.0.1:${served.server.httpPort}/xmpp-websocket`;
    assets = Fastify();
    await assets.register(fastifyStatic, { root: converseDist, prefix: '/dist/' });
    assets.get('/', (_request, reply) => reply.type('text/html').send(conversePage(websocketUrl)));
    await assets.listen({ host: '127.0.0.1', port: 0 });
    const { port } = assets.server.address() as AddressInfo;
    bob = startSlixmpp('slixmpp-converse-occupant.py', served.server.c2sPort, DOMAIN, served.caFile, [
      ROOM,
      ALICE_SAYS,
      BOB_SAYS,
    ]);
    browser = await launchBrowser(`http://127.0.0.1:${port}`);
  });

  after(async () => {
    bob?.kill();
    await browser?.close();
    await assets?.close();
  });

  it('logs in, joins the room, talks both ways with slixmpp and shows its avatar', async () => {
    const avatarBase64 = (await bob.line('ready ')).slice('ready '.length);
    const { page } = browser;
    // Converse.js reports what the server refused (a bookmark it could not store, say) on the console.
    const consoleErrors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
    await page.goto('/');

    const room = page.locator(`converse-muc[jid="${ROOM}"]`);
    // Bob among the occupants means Alice's join went through.
    await shown(room.locator('.occupant-nick', { hasText: 'Bob' }));
    const composer = await shown(room.locator('textarea.chat-textarea'));
    await composer.fill(ALICE_SAYS);
    await composer.press('Enter');
    await bob.line('ok: bob heard alice');

    const fromBob = await shown(room.locator(`.chat-msg[data-from="${ROOM}/Bob"]`, { hasText: BOB_SAYS }));
    // Converse.js draws a vCard photo as an SVG <image> whose href holds the picture's data.
    const picture = fromBob.locator('converse-avatar image');
    await picture.waitFor({ state: 'attached' });
    const href = (await picture.getAttribute('href')) ?? '';
    assert.match(href, /^data:image\/png;base64,/);
    assert.equal(href.slice(href.indexOf(',') + 1).replace(/\s+/g, ''), avatarBase64);
    await browser.screenshot('converse-room');

    const run = await bob.finish();
    assert.equal(run.code, 0, run.output);
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(browser.problems, []);
  });
});
