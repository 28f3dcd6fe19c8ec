"""A real-client conversation with slixmpp (Debian python3-slixmpp), driven by test/xmpp-slixmpp.test.ts.

Alice logs in over STARTTLS, sends Bob a message while he is offline, adds him to her roster and asks
to see his presence. Bob logs in, receives the stored message and the request; slixmpp's defaults
approve it and ask back, so the subscription ends as "both" on each side. Then they exchange
messages and Alice queries disco. Every step waits for the event it needs; the only timeout is a
guard that fails the run instead of hanging. Exit code 0 means every check held.

usage: slixmpp-scenario.py PORT DOMAIN PASSWORD CAFILE
"""
import asyncio

from slixmpp_client import DOMAIN, GUARD, check, disconnect, start
from slixmpp_client import client as signed_in_client


def client(name):
    xmpp = signed_in_client(name, ("xep_0030", "xep_0199", "xep_0203"))
    xmpp.inbox = asyncio.Queue()
    xmpp.add_event_handler("message", lambda msg: xmpp.inbox.put_nowait(msg))
    return xmpp


async def next_body(xmpp):
    while True:
        msg = await asyncio.wait_for(xmpp.inbox.get(), GUARD)
        if msg["type"] in ("chat", "normal") and msg["body"]:
            return msg


async def main():
    alice, bob = client("alice"), client("bob")
    await start(alice)
    check(alice.boundjid.full == f"alice@{DOMAIN}/sli", "alice bound her resource")

    alice.send_message(mto=f"bob@{DOMAIN}", mbody="sent while you were away", mtype="chat")
    subscribed = asyncio.get_event_loop().create_future()
    alice.add_event_handler("presence_subscribed", lambda p: subscribed.done() or subscribed.set_result(p))
    await alice.update_roster(f"bob@{DOMAIN}", name="Bob", groups=["Friends"])
    alice.send_presence(pto=f"bob@{DOMAIN}", ptype="subscribe")

    await start(bob)
    offline = await next_body(bob)
    check(offline["body"] == "sent while you were away", "bob received the offline message")
    check(offline["delay"]["stamp"] is not None, "the offline message carries a delay stamp")

    await asyncio.wait_for(subscribed, GUARD)
    roster = await alice.get_roster()
    item = alice.client_roster[f"bob@{DOMAIN}"]
    check(item["subscription"] in ("to", "both"), f"alice sees bob's presence (subscription {item['subscription']})")
    check(item["name"] == "Bob" and "Friends" in item["groups"], "alice's roster item kept its name and group")

    alice.send_message(mto=f"bob@{DOMAIN}/sli", mbody="ping", mtype="chat")
    got = await next_body(bob)
    check(got["body"] == "ping" and got["from"].bare == f"alice@{DOMAIN}", "bob received alice's message")
    bob.send_message(mto=got["from"], mbody="pong", mtype="chat")
    reply = await next_body(alice)
    check(reply["body"] == "pong", "alice received bob's reply")

    info = await alice["xep_0030"].get_info(jid=DOMAIN, timeout=GUARD)
    features = info["disco_info"]["features"]
    check("urn:xmpp:ping" in features and "jabber:iq:version" in features, "disco#info lists the server's features")
    rtt = await alice["xep_0199"].ping(jid=DOMAIN, timeout=GUARD)
    check(rtt is not None, "the server answers pings")

    await disconnect(alice, bob)


asyncio.get_event_loop().run_until_complete(main())
