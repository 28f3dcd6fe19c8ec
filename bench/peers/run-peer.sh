#!/bin/sh
# Runs the XMPP bench (bench/xmpp.ts) against Debian 12's Prosody or ejabberd, the way
# bench/peers/README.md describes: install if missing (and keep the packaged service off), a fresh
# working directory with a self-signed certificate and the config from this folder, the server
# pinned to CPU 0 (the bench pins itself to CPU 1), users created by in-band registration, then
# logins + messages on one server process and memory on a freshly restarted one.
#
#   bench/peers/run-peer.sh prosody|ejabberd        (as root, from the repository root)
#
# Environment: BENCH_PEER_PORT (default 25222), BENCH_PEER_DIR (default /tmp/imhost-bench-<peer>),
# BENCH_PEER_PHASES (default "logins,messages memory": one server start per word), and the
# BENCH_* variables of bench/xmpp.ts (BENCH_IDLE_SESSIONS, BENCH_LOGINS …).
set -eu

PEER=${1:?usage: run-peer.sh prosody|ejabberd}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
PORT=${BENCH_PEER_PORT:-25222}
DIST_PORT=$((PORT + 77))
DIR=${BENCH_PEER_DIR:-/tmp/imhost-bench-$PEER}
DOMAIN=bench.example.test
PASSWORD='bench password 1234'
PHASES=${BENCH_PEER_PHASES:-logins,messages memory}
SERVER_PID=

case $PEER in
  prosody) USER=prosody ;;
  ejabberd) USER=ejabberd ;;
  *) echo "usage: run-peer.sh prosody|ejabberd" >&2; exit 64 ;;
esac

# Install without letting the packaged service run now or at boot (our tests use other ports,
# but nothing of the bench should stay behind on 5222/5269/5280).
if ! dpkg -s "$PEER" >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y "$PEER"
fi
update-rc.d "$PEER" disable >/dev/null 2>&1 || true
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl disable --now "$PEER" >/dev/null 2>&1 || true
fi

rm -rf "$DIR"
mkdir -p "$DIR/data" "$DIR/logs"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
  -subj "/CN=$DOMAIN" -addext "subjectAltName=DNS:$DOMAIN" \
  -keyout "$DIR/key.pem" -out "$DIR/cert.pem" 2>/dev/null
cat "$DIR/cert.pem" "$DIR/key.pem" >"$DIR/cert-and-key.pem"
render() {
  sed -e "s|@DIR@|$DIR|g" -e "s|@PORT@|$PORT|g" -e "s|@DOMAIN@|$DOMAIN|g" -e "s|@DIST_PORT@|$DIST_PORT|g" "$1" >"$2"
}
render "$HERE/prosody.cfg.lua" "$DIR/prosody.cfg.lua"
render "$HERE/ejabberd.yml" "$DIR/ejabberd.yml"
render "$HERE/ejabberdctl.cfg" "$DIR/ejabberdctl.cfg"
chown -R "$USER:$USER" "$DIR"
chmod 600 "$DIR/key.pem" "$DIR/cert-and-key.pem"

# 10,000 idle sessions need more than the default 1024 descriptors, in the server and the bench.
# setpriv keeps this limit; ejabberdctl's own `su` would reset it, so it runs as the user already.
HARD=$(ulimit -Hn)
if [ "$HARD" = unlimited ] || [ "$HARD" -gt 65536 ]; then ulimit -n 65536; else ulimit -n "$HARD"; fi

listener_pid() {
  ss -ltnpH "sport = :$PORT" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n 1
}

start_server() {
  if [ -n "$(listener_pid)" ]; then
    echo "port $PORT is already in use; set BENCH_PEER_PORT" >&2
    exit 73
  fi
  case $PEER in
    prosody)
      taskset -c 0 setpriv --reuid="$USER" --regid="$USER" --init-groups \
        prosody --config="$DIR/prosody.cfg.lua" -F >"$DIR/logs/stdout.log" 2>&1 &
      ;;
    ejabberd)
      (cd "$DIR" && HOME="$DIR" taskset -c 0 setpriv --reuid="$USER" --regid="$USER" --init-groups \
        ejabberdctl --config "$DIR/ejabberd.yml" --ctl-config "$DIR/ejabberdctl.cfg" \
        --spool "$DIR/data" --logs "$DIR/logs" foreground >"$DIR/logs/stdout.log" 2>&1) &
      ;;
  esac
  LAUNCHER=$!
  tries=0
  until [ -n "$(listener_pid)" ]; do
    tries=$((tries + 1))
    if [ $tries -gt 600 ] || ! kill -0 "$LAUNCHER" 2>/dev/null; then
      echo "$PEER did not start listening on $PORT; see $DIR/logs" >&2
      tail -n 20 "$DIR/logs/stdout.log" >&2 || true
      exit 70
    fi
    sleep 0.1
  done
  SERVER_PID=$(listener_pid)
  echo "$PEER $(dpkg-query -W -f='${Version}' "$PEER") listening on 127.0.0.1:$PORT, pid $SERVER_PID, CPU $(taskset -cp "$SERVER_PID" | sed 's/.*: //')"
}

stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill "$SERVER_PID" 2>/dev/null || true
  while kill -0 "$SERVER_PID" 2>/dev/null; do sleep 0.1; done
  SERVER_PID=
  wait 2>/dev/null || true
}
trap stop_server EXIT INT TERM

REGISTER=--register
for phases in $PHASES; do
  start_server
  (cd "$REPO" && node --import tsx bench/xmpp.ts --target "127.0.0.1:$PORT" --domain "$DOMAIN" \
    --password "$PASSWORD" --server-pid "$SERVER_PID" --ca "$DIR/cert.pem" --phases "$phases" $REGISTER)
  REGISTER=
  stop_server
done
