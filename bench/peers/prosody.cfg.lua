-- Prosody 0.12 (Debian 12) as the XMPP bench measures it: one virtual host on loopback, STARTTLS
-- required, SCRAM-SHA-1 from salted hashes (internal_hashed), users created by in-band registration
-- from 127.0.0.1, and the anti-abuse limits relaxed so the bench measures Prosody, not its shapers
-- (see ../../shared/research/peers.md). run-peer.sh fills in the @…@ placeholders.

pidfile = "@DIR@/prosody.pid"
data_path = "@DIR@/data"
log = { warn = "@DIR@/prosody.log" }

interfaces = { "127.0.0.1" }
c2s_ports = { @PORT@ }
c2s_direct_tls_ports = { }
s2s_ports = { }
http_ports = { }
https_ports = { }
network_backend = "epoll"
-- TCP_NODELAY, like imhost and ejabberd; Prosody's default (Nagle on) adds ~40 ms to a login.
network_settings = { nagle = false }

modules_enabled = {
	"roster"; "saslauth"; "tls"; "disco"; "register"; "ping"; "blocklist"; "vcard";
	"offline"; "lastactivity"; "time"; "version"; "limits";
}
modules_disabled = { "s2s" }

c2s_require_encryption = true
authentication = "internal_hashed"
storage = "internal"
allow_registration = true
registration_invite_only = false
limits = { c2s = { rate = "512mb/s"; burst = "2s" } }
c2s_timeout = 600

VirtualHost "@DOMAIN@"
	ssl = { certificate = "@DIR@/cert.pem"; key = "@DIR@/key.pem" }

-- Group chat for the bench's muc phase: anyone creates rooms; no archive (mod_muc_mam is off).
Component "conference.@DOMAIN@" "muc"
	max_history_messages = 20
	restrict_room_creation = false
