"""Where account passwords live: a secure system keyring, or, only if the user chose it for that
account, a file only they can read. Never the settings file, never a log.

keyring silently falls back to a plaintext file when ``keyrings.alt`` is installed, and to a
"fail" backend when nothing exists. Heron accepts only a backend that really protects secrets
(Secret Service, KWallet, Windows Credential Locker, macOS Keychain). Without one, the password
is kept in memory for this run and asked for at the next start, unless the account opted in to
the password file (``AccountConfig.password_in_file``), as Gajim offers for desktops that have no
Secret Service. The keyring is always preferred: with one present, no file is written.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote

from heron.core.errors import NoSecureKeyringError

if TYPE_CHECKING:
    import keyring.backend

log = logging.getLogger(__name__)

SERVICE = "heron-xmpp"
_INSECURE_MODULES = ("keyrings.alt", "keyring.backends.fail", "keyring.backends.null")

# For the account dialog's "store the password in a file" checkbox (the UI translates it).
FILE_STORE_LABEL = "Store the password in a file only you can read"
FILE_STORE_WARNING = (
    "Use this only when your desktop has no keyring (such as GNOME Keyring or KWallet). The "
    "password is saved unencrypted in a file in your Heron profile that only your user account "
    "may read. Any program you run, anyone who can log in as you or as an administrator, and "
    "any backup of your home folder can read it."
)

Location = Literal["keyring", "file"]


def _keyring() -> Any:
    """keyring is imported on first use: it costs ~70 ms that start-up should not pay."""
    import keyring
    import keyring.errors

    return keyring


def _is_secure(backend: keyring.backend.KeyringBackend) -> bool:
    module = type(backend).__module__
    if module.startswith(_INSECURE_MODULES):
        return False
    if module == "keyring.backends.chainer":
        inner = getattr(backend, "backends", [])
        return bool(inner) and _is_secure(inner[0])
    try:
        return float(backend.priority) >= 1
    except Exception:  # noqa: BLE001 - a backend whose priority check fails is not usable
        return False


class PasswordFiles:
    """One file per account under ``<profile>/passwords/`` (0700), each 0600, written atomically.

    A file that others may read, or that belongs to someone else, is not believed (as ssh does
    with its keys): the password is asked for instead.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path(self, jid: str) -> Path:
        return self.directory / f"{quote(jid, safe='@')}.password"

    def read(self, jid: str) -> str | None:
        path = self.path(jid)
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            return None
        except OSError:
            log.warning("password file for %s unreadable: %s", jid, path)
            return None
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if os.name == "posix" and (info.st_mode & 0o077 or info.st_uid != os.getuid()):
                log.warning("password file %s is readable by others or not yours (mode %o): "
                            "not used", path, stat.S_IMODE(info.st_mode))
                return None
            return fh.read().decode("utf-8")

    def write(self, jid: str, password: str) -> Path:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.directory, 0o700)
        path = self.path(jid)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(password.encode("utf-8"))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        return path

    def delete(self, jid: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path(jid).unlink()


class PasswordStore:
    """Memory for this run, then a secure keyring, then (per account, opt-in) a password file.

    ``profile_root`` enables the password file (``None``: never a file). ``backend`` replaces the
    system keyring (tests pass one); by default keyring's own choice is asked at each use.
    """

    def __init__(self, profile_root: Path | None = None,
                 backend: keyring.backend.KeyringBackend | None = None) -> None:
        self._memory: dict[str, str] = {}
        self._files = PasswordFiles(profile_root / "passwords") if profile_root else None
        self._backend = backend

    def _kr(self) -> keyring.backend.KeyringBackend:
        return self._backend if self._backend is not None else _keyring().get_keyring()

    @property
    def secure_backend_available(self) -> bool:
        return _is_secure(self._kr())

    def file_path(self, jid: str) -> Path | None:
        """Where the account's password file is (or would be); None without a profile."""
        return self._files.path(jid) if self._files else None

    def get(self, jid: str) -> str | None:
        if jid in self._memory:
            return self._memory[jid]
        if self.secure_backend_available:
            try:
                value = self._kr().get_password(SERVICE, jid)
            except _keyring().errors.KeyringError:
                log.exception("reading the keyring failed")
                value = None
            if value is not None:
                return str(value)
        return self._files.read(jid) if self._files else None

    def set(self, jid: str, password: str, *, file_fallback: bool = False) -> Location:
        """Store in the keyring; else, with ``file_fallback`` (the account's opt-in), in its file.

        Raises NoSecureKeyringError when neither stored it (the password is still kept in
        memory for this run). A file the account no longer needs is removed.
        """
        self._memory[jid] = password
        problem = ("No secure system keyring (such as Secret Service) is available: the password "
                   "was not saved and will be asked for at the next start.")
        if self.secure_backend_available:
            try:
                self._kr().set_password(SERVICE, jid, password)
            except _keyring().errors.KeyringError as exc:
                problem = f"The system keyring refused the password: {exc}"
            else:
                self._delete_file(jid)
                return "keyring"
        if file_fallback and self._files is not None:
            path = self._files.write(jid, password)
            log.info("password of %s stored in %s (no secure keyring; chosen by the user)",
                     jid, path)
            return "file"
        self._delete_file(jid)
        raise NoSecureKeyringError(problem)

    def apply_file_choice(self, jid: str, in_file: bool) -> None:
        """The account's choice changed without a new password: write the file from the password
        known for this run (only if no keyring takes it), or remove the file."""
        if not in_file:
            self._delete_file(jid)
        elif (known := self._memory.get(jid)) is not None:
            self.set(jid, known, file_fallback=True)

    def remember_for_session(self, jid: str, password: str) -> None:
        self._memory[jid] = password

    def delete(self, jid: str) -> None:
        """Forget the password everywhere: memory, keyring and file."""
        self._memory.pop(jid, None)
        if self.secure_backend_available:
            with contextlib.suppress(_keyring().errors.KeyringError):
                self._kr().delete_password(SERVICE, jid)
        self._delete_file(jid)

    def _delete_file(self, jid: str) -> None:
        if self._files is not None:
            self._files.delete(jid)
