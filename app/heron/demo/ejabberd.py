"""A private ejabberd on loopback, the integration tests' second server implementation.

It runs Debian's ``ejabberd`` package (23.01 on Debian 12) as the calling user, from a
throw-away config, Mnesia spool and log under ``run_dir``, with the rig's CA-signed certificate
(the same CA scheme as :class:`heron.demo.prosody.LocalProsody`).

Why ``erl`` is started directly and not through ``ejabberdctl``: Debian's ejabberdctl refuses
any user but root and ``ejabberd`` (exit 7), and as root it switches to the ``ejabberd`` user,
who cannot read a private temporary folder. So this module runs the same ``erl`` command lines
ejabberdctl would (server: ``-s ejabberd``; admin commands: ``-s ejabberd_ctl -extra NODE ...``).

No epmd: every run has its own Erlang distribution port (``-erl_epmd_port``, the mechanism
ejabberdctl uses for ``ERL_DIST_PORT``) and ``-start_epmd false``, so nothing outlives the
server. Node name and cookie are random per instance, so two runs cannot talk to each other's
node, and the user's ``~/.erlang.cookie`` is never read or written (HOME is ``run_dir``).

This module must not import Qt or slixmpp.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import secrets
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from heron.demo.coturn import rig_turn_settings
from heron.demo.federation import S2S, S2S_PORT, erlang_srv_records, write_inetrc
from heron.demo.prosody import CertMode, make_server_certificates
from heron.demo.rig import (
    apply_settings,
    copy_to_serve,
    die_with_parent,
    end_server,
    executable,
    free_ports,
    register_in_band,
)

_NOT_INSTALLED = "ejabberd is not installed (Debian package 'ejabberd')"


def _erl_libs() -> str:
    """The folder holding ``ejabberd-<version>/ebin`` (Debian: /usr/lib/<triplet>)."""
    found = sorted(glob.glob("/usr/lib/*/ejabberd-*/ebin/ejabberd.app"))
    if not found:
        raise RuntimeError(_NOT_INSTALLED)
    return str(Path(found[-1]).parents[2])


class LocalEjabberd:
    """ejabberd on free 127.0.0.1 ports, everything under ``run_dir``.

    After :meth:`start`: ``c2s_port`` (STARTTLS required), ``c2s_tls_port`` (Direct TLS,
    XEP-0368), ``https_port`` (HTTP upload at ``upload.<domain>``), ``ca_file``,
    ``cert_file``, ``key_file``, ``log_file``, ``domain``, ``config_file``, ``node`` (the
    Erlang node name) and ``dist_port``.

    The knobs are Prosody's (:class:`heron.demo.prosody.LocalProsody`), so a test of Heron
    runs on either: ``cert_mode``, ``offer_tls=False`` (no STARTTLS, no Direct TLS listener),
    ``disabled_sasl_mechanisms`` (ejabberd's ``disable_sasl_mechanisms``),
    :meth:`use_certificate` and :meth:`restart` (same ports, same node, same accounts).
    ``disabled_modules``: modules left out of the config (``"mod_mam"``, ``"mod_carboncopy"``,
    ``"mod_stream_mgmt"``, ``"mod_http_upload"``): a server lacking what Heron would use.
    ``issuer`` and ``s2s`` as for :class:`heron.demo.prosody.LocalProsody`: a leaf from a
    shared rig CA, and server-to-server with verified certificates only (no dialback).
    """

    def __init__(self, run_dir: Path, domain: str = "localhost", cert_mode: CertMode = "ca",
                 offer_tls: bool = True, require_encryption: bool = True, *,
                 disabled_sasl_mechanisms: tuple[str, ...] = (),
                 disabled_modules: tuple[str, ...] = (),
                 issuer: tuple[Path, Path] | None = None, s2s: S2S | None = None) -> None:
        self.run_dir = Path(run_dir).absolute()
        self.domain = domain
        self.cert_mode: CertMode = cert_mode
        self.offer_tls = offer_tls
        self.require_encryption = require_encryption and offer_tls
        self.disabled_sasl_mechanisms = tuple(disabled_sasl_mechanisms)
        self.disabled_modules = tuple(disabled_modules)
        self.issuer = issuer
        self.s2s = s2s
        self._served: tuple[Path, Path] | None = None  # see use_certificate()
        self.cert_dir = self.run_dir / "certs"
        self.spool_dir = self.run_dir / "spool"
        self.config_file = self.run_dir / "ejabberd.yml"
        self.log_file = self.run_dir / "logs" / "ejabberd.log"
        self.out_file = self.run_dir / "ejabberd.out"
        # Long names on the loopback address: no host name to resolve (a minimal system may
        # have no /etc/hosts at all).
        self.node = f"heron{secrets.token_hex(6)}@127.0.0.1"
        self._cookie = secrets.token_hex(16)
        self.upload_dir = self.run_dir / "upload"
        self.c2s_port = self.c2s_tls_port = self.https_port = self.dist_port = 0
        self._process: subprocess.Popen[bytes] | None = None
        # XEP-0215: the TURN server calls use (heron.demo.coturn runs it with these)
        self.turn_port, self.turn_secret = rig_turn_settings()

    @property
    def ca_file(self) -> Path:
        return self.cert_dir / "ca.crt"

    @property
    def cert_file(self) -> Path:
        """The certificate the server presents (the rig's own unless use_certificate())."""
        return self._served[0] if self._served else self.cert_dir / f"{self.domain}.crt"

    @property
    def key_file(self) -> Path:
        return self._served[1] if self._served else self.cert_dir / f"{self.domain}.key"

    def use_certificate(self, cert: Path, key: Path) -> None:
        """Present this certificate from the next (re)start on (the only one in
        ``certfiles``, so ejabberd has nothing else to pick for the domain)."""
        self._served = copy_to_serve(self.cert_dir, cert, key)

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def is_running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def _config(self) -> dict[str, Any]:
        """The server's settings; modules as in the Prosody rig where ejabberd has them."""
        listener = {"ip": "127.0.0.1", "module": "ejabberd_c2s", "max_stanza_size": 262144}
        c2s: list[dict[str, Any]] = [{**listener, "port": self.c2s_port, "starttls":
                                      self.offer_tls, "starttls_required": self.require_encryption}]
        if self.offer_tls:
            c2s.append({**listener, "port": self.c2s_tls_port, "tls": True})
        config: dict[str, Any] = {
            "hosts": [self.domain],
            "loglevel": "info",
            "log_rotate_count": 0,
            "certfiles": [str(self.cert_file), str(self.key_file)],
            "ca_file": str(self.ca_file),
            "listen": [
                *c2s,
                {"ip": "127.0.0.1", "port": self.https_port, "module": "ejabberd_http",
                 "tls": True, "request_handlers": {"/upload": "mod_http_upload"}},
            ],
            "auth_method": "internal",
            # Plain storage, as the Prosody rig's internal_plain: ejabberd can then offer every
            # SCRAM hash (SHA-1 and SHA-256); scram storage keeps only one.
            "auth_password_format": "plain",
            "disable_sasl_mechanisms": list(self.disabled_sasl_mechanisms),
            # Tests create many accounts over XEP-0077 from 127.0.0.1 (default: one per 600 s).
            "registration_timeout": "infinity",
            "default_db": "mnesia",
            "acl": {"local": {"user_regexp": ""}},
            "access_rules": {"local": {"allow": "local"}, "c2s": {"allow": "all"}},
            "shaper_rules": {"c2s_shaper": "none"},
            "modules": {
                "mod_roster": {"versioning": True},
                "mod_disco": {},
                "mod_caps": {},
                "mod_ping": {},
                "mod_carboncopy": {},
                "mod_stream_mgmt": {},
                "mod_mam": {"default": "always"},
                "mod_blocking": {},
                "mod_privacy": {},
                "mod_private": {},
                "mod_vcard": {},
                "mod_vcard_xupdate": {},
                "mod_pubsub": {"plugins": ["flat", "pep"], "access_createnode": "local"},
                "mod_offline": {},
                "mod_register": {"access": "all"},  # XEP-0077; the listeners are loopback only
                "mod_client_state": {},
                "mod_last": {},
                # XEP-0215: the rig's coturn, with TURN REST credentials (heron.demo.coturn)
                "mod_stun_disco": {"secret": self.turn_secret, "offer_local_services": False,
                                   "services": [{"host": "127.0.0.1", "port": self.turn_port,
                                                 "type": "turn", "transport": "udp",
                                                 "restricted": True}]},
                "mod_muc": {"host": f"conference.{self.domain}", "access_mam": "all",
                            "default_room_options": {"mam": True}},
                "mod_http_upload": {
                    "host": f"upload.{self.domain}",
                    "put_url": f"https://localhost:{self.https_port}/upload",
                    "docroot": str(self.upload_dir), "max_size": 10 * 1024 * 1024,
                },
            },
        }
        for name in self.disabled_modules:
            del config["modules"][name]
        if "mod_http_upload" in self.disabled_modules:
            http = next(x for x in config["listen"] if x["module"] == "ejabberd_http")
            del http["request_handlers"]["/upload"]
        if self.s2s is not None:
            # Federation: s2s on our own loopback address, TLS required both ways, and with
            # no mod_s2s_dialback a peer gets in only by a certificate that ca_file verifies
            # for its domain (SASL EXTERNAL). Peers are found without DNS: static SRV records
            # (see start()) and ERL_INETRC with no name server. dns_retries 1, not 0: with 0
            # ejabberd does not even look at the records ("DNS lookup failed: timeout").
            config["listen"].append({"ip": self.s2s.address, "port": S2S_PORT,
                                     "module": "ejabberd_s2s_in"})
            config.update({"s2s_use_starttls": "required", "outgoing_s2s_families": ["ipv4"],
                           "outgoing_s2s_port": S2S_PORT, "s2s_dns_timeout": 1,
                           "s2s_dns_retries": 1})
        return config

    def _environment(self) -> dict[str, str]:
        env = {key: os.environ[key] for key in ("PATH", "LANG", "LC_ALL") if key in os.environ}
        env.update({
            "HOME": str(self.run_dir),  # erl would create ~/.erlang.cookie otherwise
            "ERL_LIBS": _erl_libs(),
            "EJABBERD_CONFIG_PATH": str(self.config_file),
            "EJABBERD_LOG_PATH": str(self.log_file),
            "CONTRIB_MODULES_PATH": str(self.run_dir / "contrib"),
            "ERL_CRASH_DUMP": str(self.run_dir / "erl_crash.dump"),
            "ERL_CRASH_DUMP_BYTES": "0",
        })
        if self.s2s is not None:
            env["ERL_INETRC"] = str(write_inetrc(self.run_dir / "inetrc", self.s2s))
        return env

    def _erl(self, name: str, *args: str) -> list[str]:
        """An ``erl`` command line for node ``name`` on this instance's distribution port."""
        return [executable("erl"), "-name", name, "-setcookie", self._cookie,
                "-erl_epmd_port", str(self.dist_port), "-start_epmd", "false",
                "-noinput", *args]

    def restart(self, timeout: float = 30.0, **changes: object) -> None:
        """Stop, apply ``changes`` (e.g. ``disabled_sasl_mechanisms=("SCRAM-SHA-256",)``),
        start again on the same ports with the same accounts (the same node and Mnesia)."""
        self.stop()
        apply_settings(self, changes)
        self.start(timeout, keep_ports=True)

    def start(self, timeout: float = 30.0, keep_ports: bool = False) -> None:
        """Write certificates and config, start ejabberd, wait until c2s accepts connections.

        ``keep_ports``: listen where the previous run did (a restart the clients can follow).
        The server dies with the thread that starts it (``setpriv --pdeathsig``, as Prosody).
        """
        if self.is_running():
            return
        try:
            executable("erl")
        except FileNotFoundError as exc:
            raise RuntimeError(_NOT_INSTALLED) from exc
        for folder in (self.run_dir, self.spool_dir, self.log_file.parent, self.upload_dir):
            folder.mkdir(parents=True, exist_ok=True)
        env = self._environment()
        if not (self.cert_file.exists() and self.key_file.exists() and self.ca_file.exists()):
            make_server_certificates(self.cert_dir, self.domain, self.issuer, self.cert_mode)
        if not (keep_ports and self.c2s_port):
            self.c2s_port, self.c2s_tls_port, self.https_port, self.dist_port = free_ports(4)
        # JSON is YAML: paths and names need no YAML quoting rules of our own.
        self.config_file.write_text(json.dumps(self._config(), indent=2), encoding="utf-8")
        peers = ("-eval", erlang_srv_records(self.s2s)) if self.s2s is not None else ()
        logged_before = self.log_file.stat().st_size if self.log_file.exists() else 0
        command = self._erl(
            self.node, "-kernel", "inet_dist_use_interface", "{127,0,0,1}",
            "-mnesia", "dir", json.dumps(str(self.spool_dir)), *peers, "-s", "ejabberd")
        with self.out_file.open("ab") as out:
            self._process = subprocess.Popen(  # noqa: S603  own argv, no shell
                [*die_with_parent(), *command], env=env, cwd=self.run_dir,
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True)
        self._wait_ready(timeout, logged_before)

    def _wait_ready(self, timeout: float, logged_before: int) -> None:
        """Until c2s accepts connections and ejabberd says it has started: its listeners
        accept while the modules still load, and a SIGTERM then hangs the VM's shutdown."""
        process = self._process
        if process is None:
            raise RuntimeError("ejabberd was not launched")
        wanted = [self.c2s_port] + ([self.c2s_tls_port] if self.offer_tls else [])
        deadline = time.monotonic() + timeout
        while wanted or not self._started(logged_before):
            if process.poll() is not None:
                self._process = None
                raise RuntimeError(f"ejabberd exited ({process.returncode}):\n{self.log_tail()}")
            try:
                if wanted:
                    with socket.create_connection(("127.0.0.1", wanted[0]), timeout=0.5):
                        wanted.pop(0)
                        continue
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"ejabberd did not listen within {timeout}s:\n{self.log_tail()}")
            time.sleep(0.05)

    def _started(self, logged_before: int) -> bool:
        """ejabberd_app's "ejabberd <version> is started in the node ..." since the launch."""
        try:
            with self.log_file.open("rb") as log:
                log.seek(logged_before)
                return b" is started in the node " in log.read()
        except OSError:
            return False

    def log_tail(self, lines: int = 25) -> str:
        """The last lines of the VM's console output and of ejabberd's log."""
        texts: list[str] = []
        for path in (self.out_file, self.log_file):
            with contextlib.suppress(OSError):
                tail = path.read_text(errors="replace").splitlines()[-lines:]
                texts.append(f"--- {path.name}\n" + "\n".join(tail))
        return "\n".join(texts) or "(no output)"

    def ctl(self, *args: str) -> str:
        """Run an ejabberdctl command (``register``, ``status``, ...) against this instance."""
        name = f"ctl{secrets.token_hex(4)}@127.0.0.1"
        result = subprocess.run(  # noqa: S603  own argv, no shell
            self._erl(name, "-hidden", "-dist_listen", "false", "-s", "ejabberd_ctl",
                      "-extra", self.node, *args),
            env=self._environment(), cwd=self.run_dir, capture_output=True, text=True,
            timeout=60, stdin=subprocess.DEVNULL, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"ejabberdctl {args[0]} failed ({result.returncode}):\n"
                               f"{result.stdout}{result.stderr}")
        return result.stdout

    def register(self, user: str, password: str) -> str:
        """Create the account ``user@domain`` (while the server runs); its bare JID.

        In-band (XEP-0077): 0.02 s, where ``ctl("register", ...)`` starts a VM (~0.5 s)."""
        return register_in_band(self, user, password)

    def unregister(self, user: str) -> None:
        self.ctl("unregister", user, self.domain)

    def stop(self) -> None:
        """SIGTERM (Erlang shuts down cleanly), wait up to 10 s, then SIGKILL the group.

        The VM's helpers (erl_child_setup, eimp, memsup) end when the VM's pipes close."""
        process, self._process = self._process, None
        # Only the VM gets SIGTERM (Erlang shuts down cleanly); the group only if it hangs.
        end_server(process, signal_group=False, grace=10.0)

    def __enter__(self) -> LocalEjabberd:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
