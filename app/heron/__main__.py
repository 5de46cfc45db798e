"""Heron's command line.

    heron [--profile DIR] [xmpp:ADDRESS[?ACTION]]   open the main window (and the link)
    heron --demo [--screenshot FILE]           private Prosody, demo contacts and an answering bot
    heron account add JID [--host H] [--port P] [--ca-file F] [--direct-tls] [--replace]
                          [--password-in-file] --password-stdin
    heron account remove JID [--delete-history]
    heron account list
    heron desktop-entry                        add Heron to this user's menu, offer it for xmpp:
    heron --version
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from heron import __version__

if TYPE_CHECKING:
    from heron.core.paths import ProfilePaths
    from heron.core.settings import Settings, SettingsStore


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="heron", description="Heron, an XMPP client.")
    parser.add_argument("--version", action="version", version=f"heron {__version__}")
    parser.add_argument("--profile", type=Path, help="profile directory (default: per-user)")
    parser.add_argument("--demo", action="store_true",
                        help="start a private local server with demo contacts and a bot")
    parser.add_argument("--screenshot", type=Path,
                        help="save a PNG of the main window once connected, then exit")
    parser.add_argument("--debug", action="store_true",
                        help="verbose log, with the XML of every stanza (passwords and the "
                             "login exchange are always left out, message text too)")
    parser.add_argument("--debug-bodies", action="store_true",
                        help="with --debug: also log the text of messages")
    sub = parser.add_subparsers(dest="command")
    account = sub.add_parser("account", help="manage accounts")
    account_sub = account.add_subparsers(dest="account_command", required=True)
    add = account_sub.add_parser("add", help="add an account")
    add.add_argument("jid")
    add.add_argument("--host", default="")
    add.add_argument("--port", type=_port, default=0, help="1-65535 (default: from DNS)")
    add.add_argument("--ca-file", default="")
    add.add_argument("--direct-tls", action="store_true")
    add.add_argument("--password-in-file", action="store_true",
                     help="without a system keyring, store the password in a file in the profile "
                          "that only you can read (unencrypted)")
    add.add_argument("--replace", action="store_true",
                     help="replace an account that is already set up")
    add.add_argument("--password-stdin", action="store_true", required=True,
                     help="read the password from standard input (never from the command line)")
    remove = account_sub.add_parser(
        "remove", help="remove an account: its settings and its saved password")
    remove.add_argument("jid")
    remove.add_argument("--delete-history", action="store_true",
                        help="also delete its messages and contacts stored on this computer")
    account_sub.add_parser("list", help="list accounts")
    sub.add_parser("desktop-entry", help="add Heron to this user's application menu and offer "
                                         "it to the desktop for xmpp: links")
    return parser


MAX_PORT = 65535


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 1 <= port <= MAX_PORT:
        raise argparse.ArgumentTypeError(f"a port is a number from 1 to 65535, not {text!r}")
    return port


def _account_command(args: argparse.Namespace) -> int:
    from heron.core.jid import looks_valid
    from heron.core.paths import ProfilePaths
    from heron.core.settings import SettingsStore

    paths = ProfilePaths(args.profile) if args.profile else ProfilePaths.default()
    paths.ensure()
    store = SettingsStore(paths.settings)
    settings = store.load()
    if args.account_command == "list":
        for account in settings.accounts:
            print(f"{account.jid}\t{'enabled' if account.enabled else 'disabled'}")
        return 0
    jid = args.jid.strip().lower()
    if not looks_valid(jid):
        print(f"heron: not a valid address: {args.jid}", file=sys.stderr)
        return 2
    if args.account_command == "remove":
        return _remove_account(paths, store, settings, jid, args.delete_history)
    return _add_account(args, paths, store, settings, jid)


def _add_account(args: argparse.Namespace, paths: ProfilePaths, store: SettingsStore,
                 settings: Settings, jid: str) -> int:
    from heron.core.errors import NoSecureKeyringError
    from heron.core.secrets import PasswordStore
    from heron.core.settings import AccountConfig

    if settings.account(jid) is not None and not args.replace:
        print(f"heron: {jid} is already set up; add --replace to replace it", file=sys.stderr)
        return 2
    password = sys.stdin.readline().rstrip("\n")
    if not password:
        print("heron: no password on standard input", file=sys.stderr)
        return 2
    settings.put_account(AccountConfig(jid=jid, host=args.host, port=args.port,
                                       ca_file=os.path.abspath(args.ca_file) if args.ca_file
                                       else "", direct_tls=args.direct_tls,
                                       password_in_file=args.password_in_file))
    store.save(settings)
    passwords = PasswordStore(paths.root)
    try:
        where = passwords.set(jid, password, file_fallback=args.password_in_file)
    except NoSecureKeyringError as exc:
        print(f"heron: account {jid} added, but its password could not be stored: {exc} "
              "(--password-in-file keeps it in a file only you can read)", file=sys.stderr)
        return 1
    if where == "file":
        print(f"account {jid} added; no system keyring, so its password is in "
              f"{passwords.file_path(jid)}, readable only by you")
    else:
        print(f"account {jid} added")
    return 0


def _remove_account(paths: ProfilePaths, store: SettingsStore, settings: Settings, jid: str,
                    delete_history: bool) -> int:
    from heron.core.secrets import PasswordStore

    if settings.account(jid) is None and not delete_history:
        print(f"heron: there is no account {jid}", file=sys.stderr)
        return 2
    settings.remove_account(jid)
    store.save(settings)
    PasswordStore(paths.root).delete(jid)
    removed = 0
    if delete_history:
        from heron.storage.db import Database
        from heron.storage.repos.accounts import AccountDataRepo

        db = Database(paths.database)
        db.open_blocking()
        try:
            removed = AccountDataRepo(db).delete_blocking(jid)
        finally:
            db.close_blocking()
    print(f"account {jid} removed" + (f", with {removed} stored messages" if delete_history
                                       else "; its history stays on this computer"))
    return 0


def _split_link(argv: list[str]) -> tuple[list[str], str]:
    """The ``xmpp:`` link the desktop passes (``Exec=heron %u``), apart from the options: it
    is not an option argparse knows, and ``account`` is a command that must stay one."""
    links = [a for a in argv if a.lower().startswith("xmpp:")]
    return [a for a in argv if a not in links], (links[0] if links else "")


def main(argv: list[str] | None = None) -> int:
    argv, link = _split_link(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(argv)
    if args.command == "account":
        return _account_command(args)
    if args.command == "desktop-entry":
        from heron.desktop_entry import install

        print(f"desktop entry written to {install()}")
        return 0
    if args.screenshot and not os.environ.get("DISPLAY") and not os.environ.get(
            "WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from heron.core.paths import ProfilePaths

    throwaway = args.demo and not args.profile
    if throwaway:
        from heron.demo.profile import make_throwaway

        args.profile = make_throwaway()
    paths = ProfilePaths(args.profile) if args.profile else ProfilePaths.default()
    from heron.core.logs import setup_logging

    setup_logging(paths.log_file, debug=args.debug, bodies=args.debug_bodies)
    from heron.ui.runner import run_gui

    try:
        return run_gui(paths, demo=args.demo, screenshot=args.screenshot, link=link)
    finally:
        if throwaway:  # the demo's own profile: nothing in it is worth keeping
            logging.shutdown()
            for handler in logging.getLogger().handlers[:]:
                logging.getLogger().removeHandler(handler)
            shutil.rmtree(paths.root, ignore_errors=True)


def run() -> None:
    """Console entry point."""
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl+C before the window's loop (and its handler) is up
        sys.exit(130)


if __name__ == "__main__":
    run()
