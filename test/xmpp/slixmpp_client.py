"""What the slixmpp scripts share: their arguments, the guard, checks, and a client that signs in.

Each script runs as `script PORT DOMAIN PASSWORD CAFILE` (test/xmpp/real-clients.ts runSlixmpp).
Every step waits for the event it needs; GUARD is only there to fail a run instead of hanging it.
"""
import asyncio
import ssl
import sys

import slixmpp

PORT, DOMAIN, PASSWORD, CAFILE = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
GUARD = 30


def check(condition, what):
    if not condition:
        print(f"FAILED: {what}", file=sys.stderr)
        sys.exit(1)
    print(f"ok: {what}")


def client(name, plugins):
    """A client for name@DOMAIN/sli trusting only CAFILE; `started` settles when it signs in or cannot."""
    xmpp = slixmpp.ClientXMPP(f"{name}@{DOMAIN}/sli", PASSWORD)
    xmpp.ssl_context = ssl.create_default_context(cafile=CAFILE)
    for plugin in plugins:
        xmpp.register_plugin(plugin)
    xmpp.started = asyncio.get_event_loop().create_future()
    xmpp.add_event_handler("session_start", lambda _: xmpp.started.done() or xmpp.started.set_result(True))
    # slixmpp reports each refused mechanism as failed_auth and moves on; no_auth means all were refused.
    xmpp.add_event_handler("no_auth", lambda _: xmpp.started.done() or xmpp.started.set_exception(RuntimeError("auth failed")))
    return xmpp


async def start(xmpp, roster=True):
    """Connects over STARTTLS, waits for the session, (fetches the roster,) and sends presence."""
    xmpp.connect(("127.0.0.1", PORT), force_starttls=True, disable_starttls=False)
    await asyncio.wait_for(xmpp.started, GUARD)
    if roster:
        await xmpp.get_roster()
    xmpp.send_presence()


async def disconnect(*clients):
    for xmpp in clients:
        xmpp.disconnect()
        await asyncio.wait_for(xmpp.disconnected, GUARD)
