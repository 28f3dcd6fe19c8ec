#!/usr/bin/env bash
# Installs the Debian packages the tests use (a real browser, real XMPP clients, an ACME
# server, PDF tools, the TCMalloc that bin/imhost runs the server on) when they are missing. Needs
# root, as on CI and the project's machines.
set -euo pipefail
needed=()
[ -x /usr/bin/chromium ] || needed+=(chromium)
/usr/bin/python3 -c 'import slixmpp' 2>/dev/null || needed+=(python3-slixmpp)
command -v go-sendxmpp > /dev/null || needed+=(go-sendxmpp)
command -v pdftotext > /dev/null || needed+=(poppler-utils)
command -v pebble > /dev/null || needed+=(pebble)
# The launcher's own lookup says whether TCMalloc is there (it exits 78 when it is not).
IMHOST_ALLOCATOR=tcmalloc "$(dirname "$0")/../bin/with-allocator" true 2> /dev/null || needed+=(libtcmalloc-minimal4)
if [ "${#needed[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing Debian packages: ${needed[*]} (install them as root: apt-get install -y ${needed[*]})" >&2
    exit 1
  fi
  echo "installing Debian packages: ${needed[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq > /dev/null
  apt-get install -y -qq "${needed[@]}" > /dev/null
fi
