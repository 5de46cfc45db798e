"""A private Prosody on loopback, for ``heron --demo`` and for the integration tests.

It runs Debian's ``prosody`` package in the foreground from a throw-away config and a
throw-away certificate authority, on free loopback ports. Clients trust the CA file; certificate
validation stays on.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Literal

CertMode = Literal["ca", "self-signed"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_certificates(cert_dir: Path, mode: CertMode = "ca") -> None:
    """ca.crt plus localhost.crt/.key (SAN localhost and its components, 127.0.0.1).

    In "self-signed" mode the leaf signs itself, so a client that trusts ca.crt rejects it.
    """
    cert_dir.mkdir(parents=True, exist_ok=True)
    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes")
    _openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.crt", "-days", "30",
             "-subj", "/CN=Heron test CA", "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=cert_dir)
    (cert_dir / "leaf.ext").write_text(
        "subjectAltName=DNS:localhost,DNS:conference.localhost,DNS:upload.localhost,"
        "IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n"
        "extendedKeyUsage=serverAuth\nsubjectKeyIdentifier=hash\n"
        + ("authorityKeyIdentifier=keyid\n" if mode == "ca" else ""))
    _openssl("req", *ec, "-keyout", "localhost.key", "-out", "leaf.csr", "-subj",
             "/CN=localhost", cwd=cert_dir)
    if mode == "ca":
        _openssl("x509", "-req", "-in", "leaf.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                 "-CAcreateserial", "-out", "localhost.crt", "-days", "30", "-extfile",
                 "leaf.ext", cwd=cert_dir)
    else:
        _openssl("x509", "-req", "-in", "leaf.csr", "-signkey", "localhost.key", "-out",
                 "localhost.crt", "-days", "30", "-extfile", "leaf.ext", cwd=cert_dir)
    os.chmod(cert_dir / "localhost.key", 0o600)


class LocalProsody:
    def __init__(self, run_dir: Path, domain: str = "localhost", cert_mode: CertMode = "ca",
                 offer_tls: bool = True, require_encryption: bool = True) -> None:
        self.run_dir = Path(run_dir)
        self.domain = domain
        self.cert_mode = cert_mode
        self.offer_tls = offer_tls
        self.require_encryption = require_encryption
        self.cert_dir = self.run_dir / "certs"
        self.config_file = self.run_dir / "prosody.cfg.lua"
        self.log_file = self.run_dir / "prosody.log"
        self.c2s_port = self.c2s_tls_port = self.http_port = self.https_port = 0
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def ca_file(self) -> Path:
        return self.cert_dir / "ca.crt"

    @property
    def cert_file(self) -> Path:
        return self.cert_dir / "localhost.crt"

    def _write_config(self) -> None:
        template = (resources.files("heron.demo") / "prosody.cfg.lua.in").read_text("utf-8")
        values = {
            "@RUN_DIR@": str(self.run_dir),
            "@CERT_DIR@": str(self.cert_dir),
            "@C2S_PORT@": str(self.c2s_port),
            "@C2S_TLS_PORT@": str(self.c2s_tls_port),
            "@HTTP_PORT@": str(self.http_port),
            "@HTTPS_PORT@": str(self.https_port),
            "@REQUIRE_ENCRYPTION@": "true" if self.require_encryption else "false",
            "@TLS_MODULE@": '"tls";' if self.offer_tls else "",
            "@DISABLED_EXTRA@": "" if self.offer_tls else '"tls";',
        }
        for key, value in values.items():
            template = template.replace(key, value)
        self.config_file.write_text(template, encoding="utf-8")

    def start(self, timeout: float = 15.0) -> None:
        if shutil.which("prosody") is None:
            raise RuntimeError("prosody is not installed (Debian package 'prosody')")
        self.run_dir.mkdir(parents=True, exist_ok=True)
        (self.run_dir / "data").mkdir(exist_ok=True)
        if not self.cert_file.exists():
            make_certificates(self.cert_dir, self.cert_mode)
        self.c2s_port, self.c2s_tls_port = _free_port(), _free_port()
        self.http_port, self.https_port = _free_port(), _free_port()
        self._write_config()
        out = (self.run_dir / "prosody.out").open("ab")
        self._process = subprocess.Popen(
            ["prosody", "--config", str(self.config_file), "-F"], stdout=out,
            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        out.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"prosody exited ({self._process.returncode}):\n{self._tail()}")
            try:
                with socket.create_connection(("127.0.0.1", self.c2s_port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.03)
        self.stop()
        raise RuntimeError(f"prosody did not start listening within {timeout} s:\n{self._tail()}")

    def _tail(self) -> str:
        texts = []
        for path in (self.run_dir / "prosody.out", self.log_file):
            if path.exists():
                texts.append("\n".join(path.read_text(errors="replace").splitlines()[-20:]))
        return "\n".join(texts)

    def _prosodyctl(self, *args: str) -> None:
        subprocess.run(["prosodyctl", "--config", str(self.config_file), *args], check=True,
                       capture_output=True, timeout=30)

    def register(self, user: str, password: str) -> str:
        self._prosodyctl("register", user, self.domain, password)
        return f"{user}@{self.domain}"

    def unregister(self, user: str) -> None:
        self._prosodyctl("deluser", f"{user}@{self.domain}")

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(3)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(3)

    def __enter__(self) -> LocalProsody:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
