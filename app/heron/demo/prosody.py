"""A private Prosody on loopback, for ``heron --demo`` and for the integration tests.

It runs Debian's ``prosody`` package (0.12 on Debian 12, 13.0 on Debian 13) in the foreground
from a throw-away config and a throw-away certificate authority, on free loopback ports. Clients
trust the CA file; certificate validation stays on.

This module must not import Qt or slixmpp: the test rig and the demo mode both use it.
"""

from __future__ import annotations

import contextlib
import functools
import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Literal

from heron.demo.coturn import rig_turn_settings
from heron.demo.federation import S2S, S2S_PORT, write_dead_resolv_conf, write_hosts_file
from heron.demo.rig import apply_settings, copy_to_serve, end_server

# The helpers both rig servers share; the old private names stay importable from here.
from heron.demo.rig import die_with_parent as _die_with_parent
from heron.demo.rig import executable as _executable
from heron.demo.rig import free_ports as _free_ports

CertMode = Literal["ca", "self-signed"]


def leaf_san(domain: str = "localhost") -> str:
    """The names a rig leaf for ``domain`` is valid for: the domain, its conference. and
    upload. services, ``localhost`` (the rig's HTTP host) and 127.0.0.1."""
    names = [domain, f"conference.{domain}", f"upload.{domain}"]
    if domain != "localhost":
        names.append("localhost")
    return ",".join(f"DNS:{n}" for n in names) + ",IP:127.0.0.1"


#: Names the default (``localhost``) leaf certificate is valid for.
LEAF_SAN = leaf_san()
_EC_KEY = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes")
_DAYS = "30"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# S603 below: every argv is a list built here from constants and our own temp paths; no shell.
def _openssl(*args: str, cwd: Path) -> None:
    try:
        subprocess.run([_executable("openssl"), *args], cwd=cwd,  # noqa: S603  own argv, no shell
                       check=True, capture_output=True, timeout=30)
    except FileNotFoundError as exc:
        raise RuntimeError("openssl is not installed (Debian package 'openssl')") from exc
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(f"openssl {args[0]} failed:\n{exc.stderr.decode(errors='replace')}") \
            from exc


def _leaf_extensions(path: Path, *, with_aki: bool, cn: str) -> Path:
    # clientAuth too: a server presents the same certificate when it connects to another
    # server (s2s), and the receiving side checks it as a client certificate.
    path.write_text(
        f"subjectAltName={leaf_san(cn)}\nbasicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\n"
        "subjectKeyIdentifier=hash\n" + ("authorityKeyIdentifier=keyid\n" if with_aki else ""),
        encoding="utf-8")
    return path


def make_ca(cert_dir: Path, cn: str = "Heron test CA") -> tuple[Path, Path]:
    """A throw-away EC P-256 CA in ``cert_dir``: returns (ca.crt, ca.key)."""
    cert_dir.mkdir(parents=True, exist_ok=True)
    _openssl("req", "-x509", *_EC_KEY, "-keyout", "ca.key", "-out", "ca.crt", "-days", _DAYS,
             "-subj", f"/CN={cn}", "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign",
             "-addext", "subjectKeyIdentifier=hash", cwd=cert_dir)
    os.chmod(cert_dir / "ca.key", 0o600)
    return cert_dir / "ca.crt", cert_dir / "ca.key"


def make_ca_signed_leaf(cert_dir: Path, ca_cert: Path, ca_key: Path,
                        cn: str = "localhost") -> tuple[Path, Path]:
    """An EC P-256 leaf for ``cn`` (SAN :func:`leaf_san` of ``cn``) signed by the given CA.

    Returns (``<cn>.crt``, ``<cn>.key``); passes ``openssl verify -x509_strict``.
    """
    cert_dir.mkdir(parents=True, exist_ok=True)
    crt, key, csr = cert_dir / f"{cn}.crt", cert_dir / f"{cn}.key", cert_dir / f"{cn}.csr"
    _openssl("req", "-new", *_EC_KEY, "-keyout", str(key), "-out", str(csr), "-subj", f"/CN={cn}",
             cwd=cert_dir)
    ext = _leaf_extensions(cert_dir / f"{cn}.ext", with_aki=True, cn=cn)
    _openssl("x509", "-req", "-in", str(csr), "-CA", str(ca_cert), "-CAkey", str(ca_key),
             "-CAcreateserial", "-out", str(crt), "-days", _DAYS, "-extfile", str(ext),
             cwd=cert_dir)
    os.chmod(key, 0o600)
    return crt, key


def make_self_signed_leaf(dir: Path, cn: str = "localhost") -> tuple[Path, Path]:  # noqa: A002
    """An EC P-256 leaf for ``cn`` (SAN :func:`leaf_san`) that signs itself, chained to no CA.

    Returns (``<cn>.crt``, ``<cn>.key``). A client that trusts only the test CA must refuse it.
    """
    dir.mkdir(parents=True, exist_ok=True)
    crt, key = dir / f"{cn}.crt", dir / f"{cn}.key"
    ext = _leaf_extensions(dir / f"{cn}.ext", with_aki=False, cn=cn)
    csr = dir / f"{cn}.csr"
    _openssl("req", "-new", *_EC_KEY, "-keyout", str(key), "-out", str(csr), "-subj", f"/CN={cn}",
             cwd=dir)
    _openssl("x509", "-req", "-in", str(csr), "-signkey", str(key), "-out", str(crt), "-days",
             _DAYS, "-extfile", str(ext), cwd=dir)
    os.chmod(key, 0o600)
    return crt, key


def make_certificates(cert_dir: Path, mode: CertMode = "ca", cn: str = "localhost") -> None:
    """``ca.crt`` plus ``<cn>.crt``/``<cn>.key`` in ``cert_dir``.

    "ca": the leaf is signed by ca.crt. "self-signed": ca.crt is still made (clients are given
    it) but signs nothing; the leaf signs itself, so a client that trusts ca.crt rejects it.
    """
    ca_cert, ca_key = make_ca(cert_dir)
    if mode == "ca":
        make_ca_signed_leaf(cert_dir, ca_cert, ca_key, cn)
    else:
        make_self_signed_leaf(cert_dir, cn)


def make_server_certificates(cert_dir: Path, domain: str,
                             issuer: tuple[Path, Path] | None = None,
                             mode: CertMode = "ca") -> None:
    """A rig server's ``ca.crt`` and ``<domain>.crt``/``.key`` in ``cert_dir``: from the
    shared ``issuer`` (ca.crt, ca.key) when given (federation), else as
    :func:`make_certificates`."""
    if issuer is None:
        make_certificates(cert_dir, mode, cn=domain)
        return
    cert_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(issuer[0], cert_dir / "ca.crt")
    make_ca_signed_leaf(cert_dir, *issuer, cn=domain)


@functools.cache
def prosody_version() -> str:
    """The installed Prosody's version, e.g. "0.12.3" or "13.0.1" ("" if unknown).

    Uses ``prosodyctl about``: ``prosody --version`` on 0.12 ignores the flag and starts a server.
    """
    try:
        out = subprocess.run([_executable("prosodyctl"), "about"],  # noqa: S603  own argv
                             capture_output=True, text=True,
                             timeout=30, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ""
    match = re.search(r"^Prosody\s+(\S+)", out, re.MULTILINE)
    return match.group(1) if match else ""


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def _command_line(pid: int) -> str:
    """The process's command line ("" when it is gone or a zombie)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    return raw.replace(b"\0", b" ").decode(errors="replace")


class LocalProsody:
    """Prosody in the foreground on free 127.0.0.1 ports, everything under ``run_dir``.

    After :meth:`start`: ``c2s_port`` (STARTTLS), ``c2s_tls_port`` (Direct TLS, XEP-0368),
    ``http_port``, ``https_port``, ``ca_file`` (the CA clients should trust), ``cert_file``,
    ``key_file``, ``log_file``, ``domain``, ``config_file``.

    ``cert_mode="self-signed"``: the server's leaf is signed by no CA; ``ca_file`` is a CA that
    signed nothing, so a client trusting ``ca_file`` must refuse the server.
    ``offer_tls=False``: no TLS at all on c2s (no <starttls/>, no Direct TLS listener, so
    ``c2s_tls_port`` is a closed port); encryption is then never required, whatever
    ``require_encryption`` says.
    ``disabled_sasl_mechanisms``: mechanisms the server does not offer (e.g. only PLAIN left).
    ``disabled_modules``: Prosody modules left out (``"mam"``, ``"carbons"``, ``"smacks"``), and
    ``"http_file_share"`` for no upload service: a server lacking what Heron would use.
    :meth:`use_certificate` serves another certificate (see ``heron.demo.certs``) and
    :meth:`restart` brings the server back on the same ports with changed settings.
    ``issuer``: (ca.crt, ca.key) of a CA to take the leaf from, instead of a CA of its own
    (federation: one rig CA that both servers trust). ``s2s``: server-to-server on, with
    verified certificates only (see ``heron.demo.federation``); off (the default) the server
    has no s2s at all.
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
        #: SASL mechanisms the server must not offer (Prosody's ``disable_sasl_mechanisms``).
        self.disabled_sasl_mechanisms = tuple(disabled_sasl_mechanisms)
        self.disabled_modules = tuple(disabled_modules)
        self.cert_dir = self.run_dir / "certs"
        self.issuer = issuer
        self.s2s = s2s
        self._served: tuple[Path, Path] | None = None  # see use_certificate()
        self.config_file = self.run_dir / "prosody.cfg.lua"
        self.log_file = self.run_dir / "prosody.log"
        self.out_file = self.run_dir / "prosody.out"
        self.c2s_port = self.c2s_tls_port = self.http_port = self.https_port = 0
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
        """Present this certificate from the next (re)start on.

        Copied into a folder of its own: Prosody indexes its ``certificates`` folder by name
        and would otherwise answer SNI for the domain with the rig's own certificate.
        """
        self._served = copy_to_serve(self.cert_dir, cert, key)

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def is_running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def _write_config(self) -> None:
        template = (resources.files("heron.demo") / "prosody.cfg.lua.in").read_text("utf-8")
        values = {
            "@RUN_DIR@": str(self.run_dir),
            "@CERT_DIR@": str(self.cert_dir),
            "@CERT_INDEX_DIR@": str(self.cert_file.parent),
            "@CERT_FILE@": str(self.cert_file),
            "@KEY_FILE@": str(self.key_file),
            "@SASL_OPTIONS@": self._sasl_options(),
            "@DOMAIN@": self.domain,
            "@TURN_PORT@": str(self.turn_port),
            "@TURN_SECRET@": self.turn_secret,
            "@C2S_PORT@": str(self.c2s_port),
            "@C2S_TLS_PORTS@": str(self.c2s_tls_port) if self.offer_tls else "",
            "@HTTP_PORT@": str(self.http_port),
            "@HTTPS_PORT@": str(self.https_port),
            "@REQUIRE_ENCRYPTION@": "true" if self.require_encryption else "false",
            "@TLS_MODULE@": '"tls";' if self.offer_tls else "",
            "@DISABLED_EXTRA@": ("" if self.offer_tls else '"tls"; ') + "".join(
                f'"{m}"; ' for m in self.disabled_modules if m != "http_file_share"),
            "@OFFER_UPLOAD@": "false" if "http_file_share" in self.disabled_modules else "true",
            "@S2S_OFF@": "" if self.s2s else '"s2s"; "s2s_auth_certs";',
            "@S2S_MODULES@": '"dialback";' if self.s2s else "",
            "@S2S@": self._s2s_options(),
        }
        for key, value in values.items():
            template = template.replace(key, value)
        leftover = re.search(r"@[A-Z_0-9]+@", template)
        if leftover:
            raise RuntimeError(f"prosody.cfg.lua.in: unfilled placeholder {leftover.group(0)}")
        self.config_file.write_text(template, encoding="utf-8")

    def _s2s_options(self) -> str:
        """Federation: s2s on our own loopback address, peers from a hosts file, and only
        peers whose certificate the rig CA signed for their domain."""
        if self.s2s is None:
            return ""
        if not glob.glob("/usr/lib/*/lua/5.*/lunbound.so"):
            # Without it Prosody falls back to a resolver that reads only /etc/hosts.
            raise RuntimeError("federation needs Prosody's libunbound resolver: "
                               "install the Debian package 'lua-unbound'")
        hosts = write_hosts_file(self.run_dir / "hosts", self.s2s)
        resolv = write_dead_resolv_conf(self.run_dir / "resolv.conf")
        return "\n".join([
            f's2s_interfaces = {{ "{self.s2s.address}" }}',
            f"s2s_ports = {{ {S2S_PORT} }}",
            "s2s_require_encryption = true",
            "s2s_secure_auth = true",
            f's2s_ssl = {{ cafile = "{self.ca_file}" }}',
            f'unbound = {{ hoststxt = "{hosts}"; resolvconf = "{resolv}"; '
            'options = { ["local-zone:"] = "test. static" } }',
        ])

    def _sasl_options(self) -> str:
        if not self.disabled_sasl_mechanisms:
            return ""
        names = "; ".join(f'"{m}"' for m in self.disabled_sasl_mechanisms)
        return f"disable_sasl_mechanisms = {{ {names} }}"

    def restart(self, timeout: float = 10.0, **changes: object) -> None:
        """Stop, apply ``changes`` (e.g. ``disabled_sasl_mechanisms=("SCRAM-SHA-256",)``),
        start again on the same ports with the same accounts."""
        self.stop()
        apply_settings(self, changes)
        self.start(timeout, keep_ports=True)

    def start(self, timeout: float = 10.0, keep_ports: bool = False) -> None:
        """Write certificates and config, start Prosody, wait until c2s accepts connections.

        ``keep_ports``: listen where the previous run did (a restart the clients can follow).
        Prosody dies with the thread that starts it (see :meth:`launch`): call this from a
        thread that lives as long as the server should.
        """
        if self.is_running():
            return
        self.prepare(keep_ports)
        self.launch()
        self.wait_ready(timeout)

    def prepare(self, keep_ports: bool = False) -> None:
        """Everything before the process: folders, certificates, free ports, the config; and
        the end of a server a killed run left behind in this folder (it would hold the pid
        file, and the new one would refuse to start)."""
        if shutil.which("prosody") is None:
            raise RuntimeError("prosody is not installed (Debian package 'prosody')")
        self.run_dir.mkdir(parents=True, exist_ok=True)
        (self.run_dir / "data").mkdir(exist_ok=True)
        self._end_stale_server()
        if not (self.cert_file.exists() and self.key_file.exists() and self.ca_file.exists()):
            make_server_certificates(self.cert_dir, self.domain, self.issuer, self.cert_mode)
        if not (keep_ports and self.c2s_port):
            self.c2s_port, self.c2s_tls_port, self.http_port, self.https_port = _free_ports(4)
        self._write_config()

    def launch(self) -> None:
        """Start the process (quick; no waiting). It gets SIGKILL when the calling thread
        ends: Linux's parent-death signal, set by util-linux's ``setpriv`` just before it
        becomes Prosody. So a Heron killed with SIGKILL leaves no server behind."""
        with self.out_file.open("ab") as out:
            self._process = subprocess.Popen(  # noqa: S603  own argv, no shell
                [*_die_with_parent(), _executable("prosody"), "--config", str(self.config_file),
                 "-F"],
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True)

    def wait_ready(self, timeout: float = 10.0) -> None:
        """Block until c2s (and Direct TLS) accept connections; stop and raise otherwise."""
        process = self._process
        if process is None:
            raise RuntimeError("prosody was not launched")
        wanted = [self.c2s_port] + ([self.c2s_tls_port] if self.offer_tls else [])
        deadline = time.monotonic() + timeout
        while wanted:
            if process.poll() is not None:
                self._process = None
                raise RuntimeError(f"prosody exited with status {process.returncode} during "
                                   f"start-up (config {self.config_file}):\n{self.log_tail()}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"prosody did not listen on 127.0.0.1:{wanted[0]} within "
                                   f"{timeout} s:\n{self.log_tail()}")
            try:
                with socket.create_connection(("127.0.0.1", wanted[0]), timeout=0.5):
                    wanted.pop(0)
            except OSError:
                time.sleep(0.02)

    def _end_stale_server(self, timeout: float = 3.0) -> None:
        """SIGKILL a Prosody still running from this folder's config (its pid file names it;
        its command line must name our config file, so no other process is ever touched)."""
        pid = _read_pid(self.run_dir / "prosody.pid")
        if pid is None or str(self.config_file) not in _command_line(pid):
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + timeout
        while str(self.config_file) in _command_line(pid) and time.monotonic() < deadline:
            time.sleep(0.02)

    def log_tail(self, lines: int = 25) -> str:
        """The last lines of Prosody's console output and of its log file."""
        texts = []
        for path in (self.out_file, self.log_file):
            if path.exists():
                tail = path.read_text(errors="replace").splitlines()[-lines:]
                texts.append(f"--- {path.name}\n" + "\n".join(tail))
        return "\n".join(texts) or "(no output)"

    def _prosodyctl(self, *args: str) -> None:
        result = subprocess.run(  # noqa: S603  own argv, no shell
            [_executable("prosodyctl"), "--config", str(self.config_file), *args],
            capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"prosodyctl {args[0]} failed ({result.returncode}):\n"
                               f"{result.stdout}{result.stderr}")

    def register(self, user: str, password: str) -> str:
        """Create the account ``user@domain`` (works while the server runs); its bare JID."""
        self._prosodyctl("register", user, self.domain, password)
        return f"{user}@{self.domain}"

    def unregister(self, user: str) -> None:
        self._prosodyctl("deluser", f"{user}@{self.domain}")

    def stop(self) -> None:
        """SIGTERM the process group, wait up to 3 s, then SIGKILL it."""
        process, self._process = self._process, None
        end_server(process, signal_group=True, grace=3.0)

    def __enter__(self) -> LocalProsody:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

