"""The slixmpp occupant Converse.js meets in a room, driven by test/browser/converse.test.ts.

Bob publishes an avatar with xep_0084 (the server turns it into his vCard photo, XEP-0398, which is
where Converse.js looks), creates the room with xep_0045 and configures it from its form, then
says "ready" with the avatar's bytes in base64. He waits for Alice (in Converse.js) to say hello,
answers her, and stays in the room until the test closes his standard input, so that Converse.js
can fetch his vCard through the room. Every step waits for the event it needs; the only timeout is
a guard that fails the run instead of hanging. Exit code 0 means every check held.

usage: slixmpp-converse-occupant.py PORT DOMAIN PASSWORD CAFILE ROOM ALICE_SAYS BOB_SAYS
"""
import asyncio
import base64
import hashlib
import ssl
import struct
import sys
import zlib

import slixmpp

PORT, DOMAIN, PASSWORD, CAFILE = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
ROOM, ALICE_SAYS, BOB_SAYS = slixmpp.JID(sys.argv[5]), sys.argv[6], sys.argv[7]
GUARD = 30


def check(condition, what):
    if not condition:
        print(f"FAILED: {what}", file=sys.stderr, flush=True)
        sys.exit(1)
    print(f"ok: {what}", flush=True)


def png(width, height, rgb):
    """A real PNG of one colour, so that the browser can draw it."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def publish_options(xmpp, fields):
    form = xmpp["xep_0004"].make_form(ftype="submit")
    form.add_field(var="FORM_TYPE", ftype="hidden", value="http://jabber.org/protocol/pubsub#publish-options")
    for var, value in fields.items():
        form.add_field(var=var, value=value)
    return form


async def main():
    bob = slixmpp.ClientXMPP(f"bob@{DOMAIN}/sli", PASSWORD)
    bob.ssl_context = ssl.create_default_context(cafile=CAFILE)
    for plugin in ("xep_0030", "xep_0045", "xep_0060", "xep_0084", "xep_0199"):
        bob.register_plugin(plugin)
    loop = asyncio.get_event_loop()
    started = loop.create_future()
    bob.add_event_handler("session_start", lambda _: started.done() or started.set_result(True))
    bob.add_event_handler("no_auth", lambda _: started.done() or started.set_exception(RuntimeError("auth failed")))
    groupchat = asyncio.Queue()
    bob.add_event_handler("groupchat_message", groupchat.put_nowait)
    bob.connect(("127.0.0.1", PORT), force_starttls=True, disable_starttls=False)
    await asyncio.wait_for(started, GUARD)
    bob.send_presence()

    image = png(8, 8, (200, 40, 90))
    open_access = {"pubsub#access_model": "open"}
    await bob["xep_0084"].publish_avatar(image, options=publish_options(bob, open_access), timeout=GUARD)
    await bob["xep_0084"].publish_avatar_metadata(
        [{"id": hashlib.sha1(image).hexdigest(), "type": "image/png", "bytes": len(image)}],
        options=publish_options(bob, open_access),
        timeout=GUARD,
    )
    check(True, "bob published his avatar (XEP-0084)")

    muc = bob["xep_0045"]
    presence, _, _, _ = await muc.join_muc_wait(ROOM, "Bob", maxstanzas=0, timeout=GUARD)
    check("201" in [str(c) for c in presence["muc"]["status_codes"]], "bob created the room (201)")
    form = await muc.get_room_config(ROOM)
    form["type"] = "submit"
    form.field["muc#roomconfig_roomname"]["value"] = "Lounge"
    await muc.set_room_config(ROOM, form)
    check(True, "bob configured the room from its form")
    print(f"ready {base64.b64encode(image).decode()}", flush=True)

    while True:
        heard = await asyncio.wait_for(groupchat.get(), 4 * GUARD)
        if heard["body"] == ALICE_SAYS:
            break
    check(heard["from"] == slixmpp.JID(f"{ROOM}/Alice"), "bob heard alice, who writes in Converse.js")
    bob.send_message(mto=ROOM, mbody=BOB_SAYS, mtype="groupchat")

    # The test closes our standard input once Converse.js has shown all it should.
    await loop.run_in_executor(None, sys.stdin.read)
    muc.leave_muc(ROOM, "Bob")
    bob.disconnect()
    await asyncio.wait_for(bob.disconnected, GUARD)
    print("ok: done", flush=True)


asyncio.get_event_loop().run_until_complete(main())
