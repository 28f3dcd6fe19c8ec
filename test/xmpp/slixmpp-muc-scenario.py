"""Group chat with slixmpp's own plugins (xep_0045, xep_0313), in slixmpp's own event loop, driven by
test/xmpp-slixmpp-muc.test.ts.

Alice creates a room, configures it as persistent through its form, sets a subject and talks. Bob
enters asking for two messages of history, gets them and the subject, answers, and reads the room's
archive with xep_0313; every archived message carries the room's stanza id. Every step waits for the
event it needs; the only timeout is a guard that fails the run instead of hanging.

usage: slixmpp-muc-scenario.py PORT DOMAIN PASSWORD CAFILE
"""
import asyncio

import slixmpp
from slixmpp_client import DOMAIN, GUARD, check, start
from slixmpp_client import client as signed_in_client

ROOM = slixmpp.JID(f"family@conference.{DOMAIN}")


def client(name):
    xmpp = signed_in_client(name, ("xep_0030", "xep_0045", "xep_0059", "xep_0199", "xep_0203", "xep_0313", "xep_0359"))
    xmpp.groupchat = asyncio.Queue()
    xmpp.add_event_handler("groupchat_message", lambda msg: xmpp.groupchat.put_nowait(msg))
    return xmpp


async def next_body(xmpp, body):
    while True:
        msg = await asyncio.wait_for(xmpp.groupchat.get(), GUARD)
        if msg["body"] == body:
            return msg


async def main():
    alice, bob = client("alice"), client("bob")
    await start(alice, roster=False)
    muc = alice.plugin["xep_0045"]
    presence, _, _, _ = await muc.join_muc_wait(ROOM, "Alice", maxstanzas=0, timeout=GUARD)
    check("201" in [str(c) for c in presence["muc"]["status_codes"]], "alice created the room (201)")
    form = await muc.get_room_config(ROOM)
    form["type"] = "submit"
    form.field["muc#roomconfig_persistentroom"]["value"] = True
    form.field["muc#roomconfig_roomname"]["value"] = "Family"
    await muc.set_room_config(ROOM, form)
    check(True, "alice configured the room from its form")
    muc.set_subject(ROOM, "Sunday lunch")
    for body in ("one", "two", "three"):
        alice.send_message(mto=ROOM, mbody=body, mtype="groupchat")
        await next_body(alice, body)

    await start(bob, roster=False)
    bmuc = bob.plugin["xep_0045"]
    _, subject, occupants, history = await bmuc.join_muc_wait(ROOM, "Bob", maxstanzas=2, timeout=GUARD)
    check([m["body"] for m in history] == ["two", "three"], "bob got the last two messages as history")
    check(subject["subject"] == "Sunday lunch", "bob got the subject")
    check("Alice" in [str(o["from"].resource) for o in occupants], "bob sees alice in the room")

    bob.send_message(mto=ROOM, mbody="hello alice", mtype="groupchat")
    heard = await next_body(alice, "hello alice")
    check(heard["from"] == slixmpp.JID(f"{ROOM}/Bob"), "alice heard bob")
    check(heard["stanza_id"]["by"] == ROOM, "the room stamps its stanza id")

    result = await bob.plugin["xep_0313"].retrieve(jid=ROOM, timeout=GUARD)
    archived = [r["mam_result"]["forwarded"]["stanza"] for r in result["mam"]["results"]]
    bodies = [m["body"] for m in archived if m["body"]]
    check(bodies == ["one", "two", "three", "hello alice"], f"bob read the room's archive: {bodies}")
    check(result["mam"]["results"][-1]["mam_result"]["id"] == heard["stanza_id"]["id"], "archive ids are stanza ids")

    bmuc.leave_muc(ROOM, "Bob")
    alice.disconnect()
    bob.disconnect()
    print("ok: done")


asyncio.get_event_loop().run_until_complete(asyncio.wait_for(main(), 4 * GUARD))
