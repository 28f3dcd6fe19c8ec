"""PEP with slixmpp's own plugins (Debian python3-slixmpp), driven by test/xmpp-slixmpp-pep.test.ts.

Alice and Bob subscribe to each other. slixmpp's xep_0084 and xep_0172 plugins register their
interest through xep_0163, so Bob's caps (xep_0115) carry +notify for avatars and nicknames, which
the server learns by asking his client's disco#info. Alice publishes a nickname, then an avatar
with publish-options (access_model open); Bob hears both and fetches the avatar's data. Then
Alice's publish-options that the node does not meet fail with precondition-not-met, and she reads
and retracts items by id and by count with xep_0060. Last, a bookmark stored with xep_0048 in
private storage reads back from the XEP-0402 node, and retracting it there removes it. Every step waits for the event it needs; the
only timeout is a guard that fails the run instead of hanging. Exit code 0 means every check held.

usage: slixmpp-pep.py PORT DOMAIN PASSWORD CAFILE
"""
import asyncio
import hashlib

from slixmpp.exceptions import IqError
from slixmpp.plugins.xep_0048 import Bookmarks
from slixmpp.xmlstream import ET
from slixmpp_client import DOMAIN, GUARD, check, disconnect, start
from slixmpp_client import client as signed_in_client

ERRORS = "{http://jabber.org/protocol/pubsub#errors}"
BOOKMARKS = "{urn:xmpp:bookmarks:1}"


def client(name):
    xmpp = signed_in_client(
        name, ("xep_0030", "xep_0115", "xep_0060", "xep_0163", "xep_0084", "xep_0172", "xep_0048", "xep_0049")
    )
    xmpp.events = asyncio.Queue()
    for event in ("user_nick_publish", "avatar_metadata_publish"):
        xmpp.add_event_handler(event, lambda msg, event=event: xmpp.events.put_nowait((event, msg)))
    return xmpp


async def next_event(xmpp, name, check_item=lambda item: True):
    while True:
        event, msg = await asyncio.wait_for(xmpp.events.get(), GUARD)
        if event == name and check_item(msg["pubsub_event"]["items"]["item"]):
            return msg


def publish_options(xmpp, fields):
    form = xmpp["xep_0004"].make_form(ftype="submit")
    form.add_field(var="FORM_TYPE", ftype="hidden", value="http://jabber.org/protocol/pubsub#publish-options")
    for var, value in fields.items():
        form.add_field(var=var, value=value)
    return form


def note(text):
    element = ET.Element("{urn:example:notes}note")
    element.text = text
    return element


async def main():
    alice, bob = client("alice"), client("bob")
    await start(alice)
    await start(bob)

    loop = asyncio.get_event_loop()
    sees_alice, sees_bob = loop.create_future(), loop.create_future()
    bob.add_event_handler("got_online", lambda p: p["from"].bare == f"alice@{DOMAIN}" and not sees_alice.done() and sees_alice.set_result(p))
    alice.add_event_handler("got_online", lambda p: p["from"].bare == f"bob@{DOMAIN}" and not sees_bob.done() and sees_bob.set_result(p))
    # slixmpp approves subscription requests by default.
    alice.send_presence(pto=f"bob@{DOMAIN}", ptype="subscribe")
    bob.send_presence(pto=f"alice@{DOMAIN}", ptype="subscribe")
    await asyncio.wait_for(asyncio.gather(sees_alice, sees_bob), GUARD)
    check(True, "alice and bob see each other's presence")

    await alice["xep_0172"].publish_nick("Alice in PEP", timeout=GUARD)
    nick = await next_event(bob, "user_nick_publish")
    check(nick["pubsub_event"]["items"]["item"]["nick"]["nick"] == "Alice in PEP", "bob heard alice's nickname (XEP-0172)")

    image = b"\x89PNG not quite, but bytes"
    avatar_id = hashlib.sha1(image).hexdigest()
    open_access = publish_options(alice, {"pubsub#access_model": "open"})
    await alice["xep_0084"].publish_avatar(image, options=open_access, timeout=GUARD)
    await alice["xep_0084"].publish_avatar_metadata(
        [{"id": avatar_id, "type": "image/png", "bytes": len(image)}],
        options=publish_options(alice, {"pubsub#access_model": "open"}),
        timeout=GUARD,
    )
    metadata = await next_event(bob, "avatar_metadata_publish", lambda item: item["id"] == avatar_id)
    check(metadata["from"].bare == f"alice@{DOMAIN}", "bob heard alice's new avatar (XEP-0084)")
    data = await bob["xep_0084"].retrieve_avatar(f"alice@{DOMAIN}", avatar_id, timeout=GUARD)
    payload = data["pubsub"]["items"]["item"]["avatar_data"]["value"]
    check(payload == image, "bob fetched the avatar's data")

    try:
        await alice["xep_0060"].publish(
            None, "urn:xmpp:avatar:data", id="other", payload=ET.fromstring("<data xmlns='urn:xmpp:avatar:data'>AAAA</data>"),
            options=publish_options(alice, {"pubsub#access_model": "whitelist"}), timeout=GUARD,
        )
        check(False, "publish-options the node does not meet are refused")
    except IqError as error:
        condition = error.iq["error"].xml.find(f"{ERRORS}precondition-not-met")
        check(error.iq["error"]["condition"] == "conflict" and condition is not None, "publish-options the node does not meet fail with precondition-not-met")

    notes = publish_options(alice, {"pubsub#access_model": "presence", "pubsub#max_items": "10"})
    for text in ("one", "two", "three"):
        await alice["xep_0060"].publish(None, "urn:example:notes", id=text, payload=note(text), options=notes, timeout=GUARD)
    newest = await bob["xep_0060"].get_items(f"alice@{DOMAIN}", "urn:example:notes", max_items=2, timeout=GUARD)
    check([item["id"] for item in newest["pubsub"]["items"]] == ["three", "two"], "bob read alice's newest two items")
    one = await bob["xep_0060"].get_items(f"alice@{DOMAIN}", "urn:example:notes", item_ids=["one"], timeout=GUARD)
    check([item["id"] for item in one["pubsub"]["items"]] == ["one"], "bob read an item by id")
    await alice["xep_0060"].retract(None, "urn:example:notes", "two", timeout=GUARD)
    left = await alice["xep_0060"].get_items(None, "urn:example:notes", timeout=GUARD)
    check([item["id"] for item in left["pubsub"]["items"]] == ["three", "one"], "alice retracted an item")

    # Bookmarks: Debian's slixmpp has no xep_0402 plugin, so alice stores them the old way (xep_0048
    # in XEP-0049 private storage) and reads them back the new way (the XEP-0402 node, through
    # xep_0060): the server keeps both in step (XEP-0411), as apps of either kind expect.
    room = f"lounge@conference.{DOMAIN}"
    legacy = Bookmarks()
    legacy.add_conference(room, "Alice", name="The lounge", autojoin=True)
    await alice["xep_0048"].set_bookmarks(legacy, method="xep_0049", timeout=GUARD)
    modern = await alice["xep_0060"].get_items(None, "urn:xmpp:bookmarks:1", timeout=GUARD)
    items = list(modern["pubsub"]["items"])
    conference = items[0].xml.find(f"{BOOKMARKS}conference") if len(items) == 1 else None
    check(
        len(items) == 1 and items[0]["id"] == room and conference is not None
        and conference.get("name") == "The lounge" and conference.get("autojoin") in ("true", "1")
        and conference.findtext(f"{BOOKMARKS}nick") == "Alice",
        "a bookmark stored by xep_0048 reads back as a XEP-0402 item",
    )
    await alice["xep_0060"].retract(None, "urn:xmpp:bookmarks:1", room, timeout=GUARD)
    stored = await alice["xep_0048"].get_bookmarks(method="xep_0049", timeout=GUARD)
    check(len(stored["private"]["bookmarks"]["conferences"]) == 0, "retracting the XEP-0402 item removes the old-style bookmark")

    await disconnect(alice, bob)


asyncio.get_event_loop().run_until_complete(main())
