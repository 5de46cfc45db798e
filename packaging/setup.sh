#!/usr/bin/env bash
# Heron's one set-up script: installs what is missing, then either launches Heron or runs every test.
#   bash packaging/setup.sh run [heron args...]   e.g. `bash packaging/setup.sh run --demo`
#   bash packaging/setup.sh test [pytest args]    ruff, mypy, the whole pytest suite on Prosody,
#                                                 then the tests that use a server on ejabberd
# System packages come from apt (as root, or through sudo); Python packages go into ./.venv.
# When everything is already there, neither apt nor pip runs: Heron starts offline.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"; shift || true
case "$mode" in run|test) ;; *) echo "usage: bash packaging/setup.sh run|test [args]" >&2; exit 2 ;; esac

# apt's, debconf's and pip's output goes here (fresh for each run that installs something);
# its path is printed when something fails.
LOG="$PWD/.setup.log" log_started=0
say() { echo "setup: $*"; }
start_log() { [ "$log_started" = 1 ] || : > "$LOG"; log_started=1; }
fail() {
  say "failed: $1"
  if [ "$log_started" = 1 ]; then tail -n 15 "$LOG" | sed 's/^/  | /'; say "full log: $LOG"; fi
  exit 1
}

# Qt's system libraries (found with ldd on the PySide6 wheels), a font and colour emoji. An entry "a|b" is
# one package under two names: Debian 13 renamed libglib2.0-0 to libglib2.0-0t64 and keeps the
# old name only as a virtual package, which dpkg never reports as installed.
APT_PACKAGES=(python3 python3-venv
  libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 "libglib2.0-0t64|libglib2.0-0"
  libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1 fonts-dejavu-core
  fonts-noto-color-emoji
  libenchant-2-2 hunspell-en-us  # spell checking in the composer (pyenchant loads libenchant)
  libpulse0)  # QtMultimedia's audio (the message chime, ui/sounds.py) links against it
# The private XMPP server (and openssl for its certificates) that `--demo` and the integration
# tests start on loopback; plain `run` with a real account needs neither.
# prosody-modules: mod_muc_moderation (XEP-0425), which Prosody itself does not ship.
# coturn: the TURN server the demo's calls with Echo and the call tests relay through (its own
# process per run; without it a demo call waits for a TURN server that never answers).
SERVER_PACKAGES=(prosody openssl prosody-modules coturn)
wants_server=0
if [ "$mode" = test ]; then wants_server=1; else
  for arg in "$@"; do [ "$arg" = --demo ] && wants_server=1; done
fi
[ "$wants_server" = 1 ] && APT_PACKAGES+=("${SERVER_PACKAGES[@]}")
# Test mode only: the close tests drive a real window under a private X server (tests/x11.py),
# and the integration tests also run against a second server implementation, ejabberd. The
# federation tests need Prosody's libunbound resolver (only Recommended by Debian's prosody):
# it is what reads the per-run hosts file that maps the other test domain.
# The notification tests talk to a notification server over a private session bus.
[ "$mode" = test ] && APT_PACKAGES+=(xvfb ejabberd lua-unbound dbus-daemon)

# One dpkg-query for all names: " name1 name2 " of the packages really installed.
installed_names() {
  local all; all=$(printf '%s\n' "$@" | tr '|' '\n')
  # shellcheck disable=SC2086 # one word per package name
  echo " $(dpkg-query -W -f='${Package} ${Status}\n' $all 2>/dev/null \
    | awk '$NF == "installed" && $(NF-1) == "ok" {sub(/:.*/, "", $1); print $1}' | tr '\n' ' ') "
}
missing_of() {  # the entries of "$@" none of whose names is installed
  local have entry name found names; have=$(installed_names "$@")
  for entry in "$@"; do
    found=0; IFS='|' read -ra names <<< "$entry"
    for name in "${names[@]}"; do [[ "$have" == *" $name "* ]] && found=1; done
    [ "$found" = 1 ] || echo "$entry"
  done
}
mapfile -t missing < <(missing_of "${APT_PACKAGES[@]}")

# Runs as root. Installs the given entries (picking, for "a|b", the first name apt can install),
# keeps every packaged service from starting meanwhile, and disables the system services of the
# XMPP servers this run installed (Prosody; ejabberd and, when this run brought Erlang, its epmd):
# Heron only ever starts its own servers, on loopback, as the user.
install_system() {
  set -euo pipefail
  local policy=/usr/sbin/policy-rc.d created_policy=0 entry name pick candidate names=() alternatives
  local units=() unit
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q -o DPkg::Lock::Timeout=600
  for entry in "$@"; do
    pick=""; IFS='|' read -ra alternatives <<< "$entry"
    for name in "${alternatives[@]}"; do
      # (not `| grep -q`: under pipefail, grep quitting early fails the pipe with SIGPIPE)
      candidate=$(apt-cache policy "$name" 2>/dev/null | awk '/Candidate:/ {print $2}')
      if [ -n "$candidate" ] && [ "$candidate" != "(none)" ]; then pick="$name"; break; fi
    done
    [ -n "$pick" ] || { echo "no installable package among: $entry" >&2; return 1; }
    [ "$pick" = prosody ] && units+=(prosody)
    [ "$pick" = coturn ] && units+=(coturn)
    if [ "$pick" = ejabberd ]; then
      units+=(ejabberd)
      dpkg-query -W erlang-base >/dev/null 2>&1 || units+=(epmd.socket epmd)
    fi
    names+=("$pick")
  done
  # From here until the end, no service of a package being installed may start.
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy"; created_policy=1
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  local rc=0
  apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 "${names[@]}" || rc=$?
  # Even after a failed transaction: a server that got installed must not start at boot.
  for unit in "${units[@]}"; do
    case "$unit" in
      epmd*) dpkg-query -W erlang-base >/dev/null 2>&1 || continue ;;
      *) dpkg-query -W "$unit" >/dev/null 2>&1 || continue ;;
    esac
    case "$unit" in *.socket) ;; *) unit="$unit.service" ;; esac
    # What `systemctl disable` does, also where systemd is not (yet) installed or running;
    # Debian's maintainer scripts then keep it disabled on upgrades.
    if command -v systemctl >/dev/null; then systemctl disable "$unit" || rc=$?; fi
    rm -f /etc/systemd/system/*.wants/"$unit"
    if [ -x "/etc/init.d/${unit%.service}" ] && command -v update-rc.d >/dev/null; then
      update-rc.d "${unit%.service}" disable || rc=$?
    fi
    echo "disabled $unit"
  done
  if [ "$created_policy" = 1 ]; then rm -f "$policy"; trap - EXIT; fi
  return "$rc"
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else fail "system packages are missing (${missing[*]}) and this is not root; install them, or run as root"
  fi
}

if [ ${#missing[@]} -gt 0 ]; then
  start_log
  say "installing ${#missing[@]} system package(s) with apt: ${missing[*]//|/ or }"
  as_root bash -c "$(declare -f install_system); install_system \"\$@\"" install_system \
    "${missing[@]}" >> "$LOG" 2>&1 || fail "apt could not install the system packages"
  still=$(missing_of "${missing[@]}" | tr '\n' ' ')
  [ -z "$still" ] || fail "apt finished, but these are still not installed: $still"
  grep -q '^disabled prosody.service' "$LOG" \
    && say "Prosody's system service is disabled (Heron starts its own Prosody on loopback)"
  grep -q '^disabled ejabberd.service' "$LOG" \
    && say "ejabberd's system service is disabled (the tests start their own on loopback)"
fi

# Python packages: reinstalled only when pyproject.toml, the interpreter or the extras change.
# The stamp holds all three; a matching stamp means pip has nothing to do. The interpreter counts
# by minor version (the ABI of the installed wheels): a security update of 3.11.x keeps the venv.
PY="${HERON_PYTHON:-/usr/bin/python3}"
[ -x "$PY" ] || PY=python3
py_id='import sys; print(sys.implementation.name, *sys.version_info[:2])'
py_version=$("$PY" -c "$py_id")
venv_version=$(.venv/bin/python -c "$py_id" 2>/dev/null || true)
if [ -e .venv ] && [ "$venv_version" != "$py_version" ]; then
  say "the Python in .venv (${venv_version:-broken}) is not $PY ($py_version): making a new .venv"
  rm -rf .venv
fi
extras=""; [ "$mode" = test ] && extras="[test]"
stamp_for() { printf '%s\n%s\n%s\n' "$(sha256sum pyproject.toml | cut -d' ' -f1)" "$py_version" "$1"; }
stamp_ok() { [ -f ".venv/.heron-$1" ] && [ "$(cat ".venv/.heron-$1")" = "$(stamp_for "$1")" ]; }
# The test install is a superset of the run install.
if stamp_ok "$mode" || { [ "$mode" = run ] && stamp_ok test; }; then :; else
  start_log
  say "installing Python packages into .venv${extras:+ (with the test tools)}"
  # (&&, not set -e: errexit is off inside a group that is followed by ||)
  { { [ -x .venv/bin/python ] || "$PY" -m venv .venv; } &&
    .venv/bin/python -m pip install --upgrade pip &&
    .venv/bin/python -m pip install -e ".$extras" &&
    # Set-ups before 2026-12 put keyrings.alt (a plaintext keyring) here for the tests: no more.
    .venv/bin/python -m pip uninstall -y keyrings.alt
  } >> "$LOG" 2>&1 || fail "pip could not install Heron's Python packages"
  stamp_for "$mode" > ".venv/.heron-$mode"
  say "ready"
fi
# Heron is installed editable, so Python compiles its sources on import. Where
# PYTHONDONTWRITEBYTECODE is set it would do so on every start (about half a second of a
# start-up); compiling here (a few stat calls when nothing changed) keeps every start fast.
.venv/bin/python -m compileall -q app/heron > /dev/null 2>&1 || true

case "$mode" in
  run)
    # Once per .venv: Heron in this user's application menu and offered for xmpp: links
    # (`heron desktop-entry`). Heron starts even if the desktop entry cannot be written.
    if [ "$(uname -s)" = Linux ] && [ ! -f .venv/.heron-desktop-entry ]; then
      if .venv/bin/heron desktop-entry >> "$LOG" 2>&1; then touch .venv/.heron-desktop-entry
      else say "could not add Heron to the application menu (see $LOG)"; fi
    fi
    exec .venv/bin/heron "$@"
    ;;
  test)
    export QT_QPA_PLATFORM=offscreen QT_LOGGING_RULES="qt.multimedia.*=false"
    .venv/bin/ruff check app tests
    .venv/bin/mypy
    # KILL: a hung Qt event loop ignores SIGINT (STACK-NOTES.md, pytest-qt pitfalls).
    pytest=(timeout -s KILL 2400 .venv/bin/python -m pytest -q -p no:cacheprovider)
    # Named tests, or a chosen server (--server, HERON_TEST_SERVER): one run, as asked.
    # Otherwise the whole suite on Prosody, then the integration, adversarial and UI tests on
    # ejabberd; options such as -x or -k go to both runs.
    one_run=""
    if [ -n "${HERON_TEST_SERVER:-}" ]; then one_run=1; fi
    for arg in "$@"; do
      case "$arg" in
        --server|--server=*) one_run=1 ;;
        -*) ;;
        *) if [ -e "${arg%%::*}" ]; then one_run=1; fi ;;
      esac
    done
    if [ -n "$one_run" ]; then
      "${pytest[@]}" "$@"
    else
      say "the whole suite against Prosody"
      status=0
      "${pytest[@]}" "$@" || status=$?
      say "the integration, adversarial and UI tests against ejabberd"  # also after a failure
      "${pytest[@]}" --server=ejabberd tests/integration tests/adversarial tests/ui "$@" || status=$?
      exit "$status"
    fi
    ;;
esac
