"""Profile settings: accounts and preferences in one JSON file. Never a password."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AccountConfig:
    jid: str  # bare JID
    enabled: bool = True
    host: str = ""  # connect here instead of the DNS records of the JID's domain
    port: int = 0
    direct_tls: bool = False  # XEP-0368: TLS from the first byte
    ca_file: str = ""  # extra CA to trust (e.g. a private server)
    # SHA-256 fingerprints of server certificates the user accepted after seeing them.
    pinned_certs: tuple[str, ...] = ()
    resource: str = "heron"
    # Strongest SASL mechanism that has worked: a server later offering only weaker ones is refused.
    strongest_mechanism: str = ""
    # The user chose to keep the password in a 0600 file in the profile when no secure keyring
    # exists (heron.core.secrets); never in this settings file.
    password_in_file: bool = False


@dataclass
class Settings:
    accounts: list[AccountConfig] = field(default_factory=list)
    presence_show: str = "available"
    presence_status: str = ""
    appearance: str = "system"  # "system" follows the desktop's light/dark scheme
    # Files (core/file_settings.py reads them): "" is the desktop's download folder.
    download_dir: str = ""
    download_limit_mb: int = 2048  # larger files are not downloaded
    image_autoload: str = "roster"  # "always", "roster" (contacts' images only) or "never"
    notifications: bool = True  # desktop notifications for new messages
    muted: list[list[str]] = field(default_factory=list)  # [account, peer]: no notifications
    close_to_tray: bool = False  # closing the window keeps Heron running in the tray
    spell_language: str = ""  # "" follows the desktop's language, "off" checks nothing
    sounds: bool = True  # a chime for a message in a chat the user is not looking at
    #: [account, peer, time of its last message]: "Close chat" hid it until a newer message
    closed_chats: list[list[Any]] = field(default_factory=list)
    #: [account, room]: notify for every message there, not only for mentions of the user
    room_every_message: list[list[str]] = field(default_factory=list)
    # Call devices (ui/call_settings.py): Qt's device ids; "" is the system default
    call_microphone: str = ""
    call_speaker: str = ""
    call_camera: str = ""
    calls_from_strangers: bool = False  # XEP-0353: people not in the contacts may ring

    def account(self, jid: str) -> AccountConfig | None:
        return next((a for a in self.accounts if a.jid == jid), None)

    def put_account(self, account: AccountConfig) -> None:
        for i, existing in enumerate(self.accounts):
            if existing.jid == account.jid:
                self.accounts[i] = account
                return
        self.accounts.append(account)

    def update_account(self, jid: str, **changes: Any) -> AccountConfig:
        current = self.account(jid)
        if current is None:
            raise KeyError(jid)
        updated = replace(current, **changes)
        self.put_account(updated)
        return updated

    def remove_account(self, jid: str) -> None:
        self.accounts = [a for a in self.accounts if a.jid != jid]


CALL_DEVICE_KEYS = ("call_microphone", "call_speaker", "call_camera")


def _pairs(value: object) -> list[tuple[object, object]]:
    """The two-item lists in a settings value that should be a list of pairs (a hand-edited
    or damaged file loses the bad entries, not the settings)."""
    if not isinstance(value, list):
        return []
    return [(item[0], item[1]) for item in value
            if isinstance(item, list) and len(item) == 2]  # noqa: PLR2004  a pair


class SettingsStore:
    """Loads and atomically saves :class:`Settings` (write to a temp file, then rename)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> Settings:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return Settings()
        except (OSError, ValueError):
            log.exception("settings file unreadable, starting with defaults: %s", self.path)
            return Settings()
        accounts = []
        for item in raw.get("accounts", []):
            known = {k: v for k, v in item.items() if k in AccountConfig.__dataclass_fields__}
            known["pinned_certs"] = tuple(known.get("pinned_certs", ()))
            accounts.append(AccountConfig(**known))
        return Settings(
            accounts=accounts,
            presence_show=str(raw.get("presence_show", "available")),
            presence_status=str(raw.get("presence_status", "")),
            appearance=str(raw.get("appearance", "system")),
            download_dir=str(raw.get("download_dir", "")),
            download_limit_mb=_int(raw.get("download_limit_mb"), 2048),
            image_autoload=str(raw.get("image_autoload", "roster")),
            notifications=raw.get("notifications", True) is not False,
            muted=[[str(a), str(p)] for a, p in _pairs(raw.get("muted"))],
            close_to_tray=raw.get("close_to_tray", False) is True,
            spell_language=str(raw.get("spell_language", "")),
            sounds=raw.get("sounds", True) is not False,
            closed_chats=_closed(raw.get("closed_chats")),
            room_every_message=[[str(a), str(p)]
                                for a, p in _pairs(raw.get("room_every_message"))],
            **{key: str(raw.get(key, "")) for key in CALL_DEVICE_KEYS},
            calls_from_strangers=raw.get("calls_from_strangers", False) is True,
        )

    def save(self, settings: Settings) -> None:
        data = {
            "accounts": [asdict(a) for a in settings.accounts],
            "presence_show": settings.presence_show,
            "presence_status": settings.presence_status,
            "appearance": settings.appearance,
            "download_dir": settings.download_dir,
            "download_limit_mb": settings.download_limit_mb,
            "image_autoload": settings.image_autoload,
            "notifications": settings.notifications,
            "muted": settings.muted,
            "close_to_tray": settings.close_to_tray,
            "spell_language": settings.spell_language,
            "sounds": settings.sounds,
            "closed_chats": settings.closed_chats,
            "room_every_message": settings.room_every_message,
            **{key: getattr(settings, key) for key in CALL_DEVICE_KEYS},
            "calls_from_strangers": settings.calls_from_strangers,
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".settings-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 \
        else default


def _closed(value: Any) -> list[list[Any]]:
    """The closed chats of a settings file, without entries it could not have written."""
    if not isinstance(value, list):
        return []
    return [[str(item[0]), str(item[1]), float(item[2])] for item in value
            if isinstance(item, list) and len(item) == 3  # noqa: PLR2004  a triple
            and isinstance(item[2], int | float) and not isinstance(item[2], bool)]
