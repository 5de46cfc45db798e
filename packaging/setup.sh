#!/usr/bin/env bash
# Heron's one set-up script: installs what is needed, then either launches Heron or runs every test.
#   bash packaging/setup.sh run [heron args...]   e.g. `bash packaging/setup.sh run --demo`
#   bash packaging/setup.sh test                  ruff, mypy and the whole pytest suite
# System packages come from apt (as root, or through sudo); Python packages go into ./.venv.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"; shift || true

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Qt's system libraries (found with ldd on the PySide6 wheels), Xvfb, and the local XMPP server
# that `--demo` and the integration tests start on loopback.
APT_PACKAGES=(python3 python3-venv python3-pip
  libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1 xvfb xauth
  fonts-dejavu-core prosody lua-unbound openssl procps iproute2)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  # Keep the packaged servers from starting system-wide services on the default ports.
  policy=/usr/sbin/policy-rc.d created_policy=0
  if [ ! -e "$policy" ]; then
    as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod +x $policy"; created_policy=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o DPkg::Lock::Timeout=600 "${missing[@]}"
  [ "$created_policy" = 1 ] && as_root rm -f "$policy"
fi

PY="${HERON_PYTHON:-/usr/bin/python3}"
[ -x "$PY" ] || PY=python3
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
case "$mode" in
  run)
    .venv/bin/python -m pip install -q -e .
    exec .venv/bin/heron "$@"
    ;;
  test)
    .venv/bin/python -m pip install -q -e '.[test]'
    export QT_QPA_PLATFORM=offscreen QT_LOGGING_RULES="qt.multimedia.*=false"
    .venv/bin/ruff check app tests
    .venv/bin/mypy
    # KILL: a hung Qt event loop ignores SIGINT (STACK-NOTES.md, pytest-qt pitfalls).
    timeout -s KILL 2400 .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
    ;;
  *)
    echo "usage: bash packaging/setup.sh run|test [args]" >&2; exit 2 ;;
esac
