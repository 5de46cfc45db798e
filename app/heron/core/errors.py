"""Heron's error vocabulary: a few kinds of failure, each with a sentence and a next step.

Exceptions, stream errors and SASL failures are mapped to a ``UserError`` once, where they are
caught (``xmpp/connection.py`` for connections, services for their own requests). The UI shows
``message`` and ``next_step``; ``detail`` (the raw text: errno, OpenSSL's reason, the server's
condition) goes to the log and behind a "Details" button, never into the sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum


class ErrorKind(Enum):
    UNREACHABLE = "unreachable"
    DNS_FAILURE = "dns-failure"
    TIMEOUT = "timeout"
    TLS_NOT_OFFERED = "tls-not-offered"
    STARTTLS_FAILED = "starttls-failed"
    CERT_UNTRUSTED = "cert-untrusted"  # unknown issuer: the only fault that may be pinned
    CERT_CHANGED = "cert-changed"  # differs from the one the user pinned
    CERT_EXPIRED = "cert-expired"  # expired or not yet valid
    CERT_WRONG_NAME = "cert-wrong-name"  # valid chain, but for another domain
    CERT_REVOKED = "cert-revoked"  # revoked or unusable key
    AUTH_FAILED = "auth-failed"
    NO_TRUSTED_MECHANISM = "no-trusted-mechanism"  # no SASL mechanism Heron accepts here
    MECHANISM_DOWNGRADE = "mechanism-downgrade"  # weaker than what worked before
    ACCOUNT_DISABLED = "account-disabled"  # disabled/forbidden by the server
    POLICY_VIOLATION = "policy-violation"
    CONFLICT = "conflict"  # replaced by another login with the same resource
    SEE_OTHER_HOST = "see-other-host"
    STORAGE_FAILED = "storage-failed"  # disk full, read-only, database error
    KEYRING_FAILED = "keyring-failed"
    OTHER = "other"
    # Joining a group room (XEP-0045 §7.2); see ROOM_SENTENCES
    ROOM_NICK_TAKEN = "room-nick-taken"  # <conflict/>
    ROOM_BANNED = "room-banned"  # <forbidden/>
    ROOM_MEMBERS_ONLY = "room-members-only"  # <registration-required/>
    ROOM_PASSWORD = "room-password"  # noqa: S105  <not-authorized/>: the room wants one
    ROOM_LOCKED = "room-locked"  # <item-not-found/> from a room that exists: not configured yet
    ROOM_NOT_FOUND = "room-not-found"  # no such room (joining would create it)
    ROOM_UNREACHABLE = "room-unreachable"  # the room's service did not answer or is unknown
    ROOM_TIMEOUT = "room-timeout"
    ROOM_SERVICE_NOT_FOUND = "room-service-not-found"  # no group chat service at that address
    # Administering a room (XEP-0045 §8-§10, muc_admin.py)
    ROOM_FORBIDDEN = "room-forbidden"  # <forbidden/>: our affiliation or role does not allow it
    ROOM_NOT_ALLOWED = "room-not-allowed"  # <not-allowed/>, <conflict/>: the room refuses it
    ROOM_CONFIG_REFUSED = "room-config-refused"  # <bad-request/>, <not-acceptable/>
    ROOM_ADMIN_FAILED = "room-admin-failed"  # any other refusal
    CALL_DEVICE = "call-device"  # a microphone, camera or speaker could not be opened
    # How a file sent straight to a contact ended (xmpp/services/jingle_files.py)
    DIRECT_FILE_DECLINED = "direct-file-declined"
    DIRECT_FILE_CANCELLED = "direct-file-cancelled"
    DIRECT_FILE_MISMATCH = "direct-file-mismatch"  # the XEP-0300 hash does not match
    DIRECT_FILE_TOO_LONG = "direct-file-too-long"
    DIRECT_FILE_SHORT = "direct-file-short"
    DIRECT_FILE_UNREACHABLE = "direct-file-unreachable"
    DIRECT_FILE_GONE = "direct-file-gone"  # the other device went offline mid-transfer
    DIRECT_FILE_STALLED = "direct-file-stalled"  # no data for a while
    DIRECT_FILE_INTERRUPTED = "direct-file-interrupted"  # Heron stopped during it
    DIRECT_FILE_FAILED = "direct-file-failed"
    DIRECT_FILE_UNCHECKED = "direct-file-unchecked"  # the promised checksum never came
    # OMEMO (XEP-0384); {server} is the contact's address
    OMEMO_UNDECRYPTABLE = "omemo-undecryptable"  # an encrypted message we cannot read
    OMEMO_NO_DEVICES = "omemo-no-devices"  # the contact publishes no device we may encrypt to
    OMEMO_ENCRYPT_FAILED = "omemo-encrypt-failed"  # a bundle missing, a session not built ...
    # OMEMO in rooms (xmpp/services/omemo_rooms.py); {server} names who has no device
    OMEMO_ROOM_NO_DEVICES = "omemo-room-no-devices"
    OMEMO_ROOM_NOT_PRIVATE = "omemo-room-not-private"  # not members-only and non-anonymous
    OMEMO_DISTRUSTED_SENDER = "omemo-distrusted-sender"  # from a device the user distrusts
    OMEMO_KEY_CHANGED = "omemo-key-changed"  # a known device now names another identity key
    # Our own correction, retraction or reaction in an encrypted chat (omemo_own_edits.py)
    OMEMO_EDIT_NOT_SENT = "omemo-edit-not-sent"  # could not be encrypted: not sent
    OMEMO_REACTION_LEGACY = "omemo-reaction-legacy"  # legacy OMEMO cannot carry a reaction


# Kinds that retrying cannot fix: the account stops and waits for the user.
TERMINAL_KINDS = frozenset({
    ErrorKind.TLS_NOT_OFFERED, ErrorKind.STARTTLS_FAILED, ErrorKind.CERT_UNTRUSTED,
    ErrorKind.CERT_CHANGED, ErrorKind.CERT_EXPIRED, ErrorKind.CERT_WRONG_NAME,
    ErrorKind.CERT_REVOKED, ErrorKind.AUTH_FAILED, ErrorKind.NO_TRUSTED_MECHANISM,
    ErrorKind.MECHANISM_DOWNGRADE, ErrorKind.ACCOUNT_DISABLED, ErrorKind.CONFLICT,
    ErrorKind.SEE_OTHER_HOST,
})


@dataclass(frozen=True, slots=True)
class UserError:
    """A failure as a person reads it. ``detail`` is for the log and "Details" only."""

    kind: ErrorKind
    message: str  # one sentence: what happened, in plain words
    next_step: str = ""  # what the person can do about it
    detail: str = ""  # raw technical text (never shown in the sentence)

    @property
    def terminal(self) -> bool:
        return self.kind in TERMINAL_KINDS


class HeronError(Exception):
    """Base class: ``str(err)`` is fit to show in the UI."""

    def __init__(self, message: str = "", error: UserError | None = None) -> None:
        super().__init__(message or (error.message if error else ""))
        self.error = error


class NoSecureKeyringError(HeronError):
    pass


class ConfigError(HeronError):
    pass


# One sentence and one next step per kind; {server} and {account} are filled in by describe().
# A kind without an entry here (one added later) still reads well through OTHER's words.
SENTENCES: dict[ErrorKind, tuple[str, str]] = {
    ErrorKind.UNREACHABLE: (
        "Heron could not reach {server}.",
        "Check your internet connection and the server address."),
    ErrorKind.DNS_FAILURE: (
        "The server {server} could not be found.",
        "Check the spelling of the address, or enter the host name in the account settings."),
    ErrorKind.TIMEOUT: (
        "The server {server} did not answer in time.",
        "Check your internet connection, or try again later."),
    ErrorKind.TLS_NOT_OFFERED: (
        "The server {server} does not offer an encrypted connection, so Heron did not sign in.",
        "Ask the server's administrator to turn on TLS."),
    ErrorKind.STARTTLS_FAILED: (
        "The encrypted connection to {server} could not be set up.",
        "Try again later, or try Direct TLS in the account settings."),
    ErrorKind.CERT_UNTRUSTED: (
        "Heron could not verify the identity of {server}.",
        "Compare the certificate's fingerprint with the server's administrator before "
        "trusting it."),
    ErrorKind.CERT_CHANGED: (
        "The certificate of {server} is not the one you trusted before.",
        "Do not continue unless the server's administrator confirms the new certificate."),
    ErrorKind.CERT_EXPIRED: (
        "The certificate of {server} has expired or is not valid yet.",
        "Check your computer's clock, or ask the server's administrator to renew it."),
    ErrorKind.CERT_WRONG_NAME: (
        "The certificate presented by {server} belongs to another domain than {domain}.",
        "Check the server address in the account settings."),
    ErrorKind.CERT_REVOKED: (
        "The certificate of {server} was revoked or cannot be used.",
        "Ask the server's administrator for a new certificate."),
    ErrorKind.AUTH_FAILED: (
        "The server did not accept the password for {account}.",
        "Check the address and the password, then try again."),
    ErrorKind.NO_TRUSTED_MECHANISM: (
        "The server {server} offers no sign-in method that Heron trusts, so Heron did not "
        "send your password.",
        "Ask the server's administrator to enable SCRAM sign-in."),
    ErrorKind.MECHANISM_DOWNGRADE: (
        "The server {server} now offers only a weaker sign-in method than before, so Heron "
        "did not send your password.",
        "Someone may be tampering with the connection; ask the server's administrator "
        "whether the sign-in settings changed."),
    ErrorKind.ACCOUNT_DISABLED: (
        "The server has disabled the account {account}.",
        "Contact the server's administrator."),
    ErrorKind.POLICY_VIOLATION: (
        "The server {server} closed the connection because of its rules.",
        "Wait a moment and try again; contact the administrator if it repeats."),
    ErrorKind.CONFLICT: (
        "Another sign-in to {account} with the same device name ended this session.",
        "Choose \"Try again\" to sign in here again."),
    ErrorKind.SEE_OTHER_HOST: (
        "The server {server} asked Heron to move to another host; Heron refused, because "
        "that host cannot be verified for your domain.",
        "Contact the server's administrator."),
    ErrorKind.STORAGE_FAILED: (
        "Heron could not write to its database.",
        "Free some disk space, then try again."),
    ErrorKind.KEYRING_FAILED: (
        "The password could not be stored in the system keyring.",
        "Heron will ask for it at the next start."),
    ErrorKind.OTHER: (
        "Something went wrong with the connection to {server}.",
        "Try again; the details may help the server's administrator."),
    # Rooms (XEP-0045 §7.2): {server} is the room's address (see describe_room)
    ErrorKind.ROOM_NICK_TAKEN: (
        "Someone in {server} already uses this nickname.",
        "Choose another nickname and try again."),
    ErrorKind.ROOM_BANNED: (
        "You are banned from {server}.",
        "Ask the room's owner if you think this is a mistake."),
    ErrorKind.ROOM_MEMBERS_ONLY: (
        "Only members may enter {server}.",
        "Ask the room's owner to make you a member."),
    ErrorKind.ROOM_PASSWORD: (
        "The room {server} needs a password, or the password was wrong.",
        "Enter the room's password and try again."),
    ErrorKind.ROOM_LOCKED: (
        "The room {server} is not open yet: its owner has not finished setting it up.",
        "Try again in a moment."),
    ErrorKind.ROOM_NOT_FOUND: (
        "There is no room {server}.",
        "Check the address, or create the room."),
    ErrorKind.ROOM_UNREACHABLE: (
        "The room service for {server} could not be reached.",
        "Check the address; the server may be down."),
    ErrorKind.ROOM_TIMEOUT: (
        "The room {server} did not answer in time.",
        "Try again later."),
    ErrorKind.ROOM_SERVICE_NOT_FOUND: (
        "There is no group chat service at {server}.",
        "Check the address; group chat services are often named conference.<server>."),
    ErrorKind.ROOM_FORBIDDEN: (
        "You are not allowed to do that in {server}.",
        "Only the room's owners, admins or moderators can; ask one of them."),
    ErrorKind.ROOM_NOT_ALLOWED: (
        "The room {server} does not allow that.",
        "Its settings or its service refuse it; an owner may change them."),
    ErrorKind.ROOM_CONFIG_REFUSED: (
        "The room {server} did not accept these values.",
        "Check the fields and try again."),
    ErrorKind.ROOM_ADMIN_FAILED: (
        "The room {server} did not do what you asked.",
        "Try again later; the details may help the room's owner."),
    ErrorKind.CALL_DEVICE: (
        "Heron could not open {server}.",
        "Check that it is plugged in and not in use by another program, or choose another "
        "one in Settings, Calls."),
    ErrorKind.DIRECT_FILE_DECLINED: (
        "The file was declined by {server}.", "Send it again if they change their mind."),
    ErrorKind.DIRECT_FILE_CANCELLED: (
        "The transfer was cancelled by {server}.", "Send the file again when you are ready."),
    ErrorKind.DIRECT_FILE_MISMATCH: (
        "The file that arrived is not the file that was offered (its checksum does not "
        "match), so it was deleted.", "Ask {server} to send it again."),
    ErrorKind.DIRECT_FILE_TOO_LONG: (
        "More than the file's announced size arrived from {server}, so the transfer was "
        "stopped and the partial file deleted.", "Ask {server} to send it again."),
    ErrorKind.DIRECT_FILE_SHORT: (
        "The transfer ended before the whole file arrived, so the partial file was deleted.",
        "Ask {server} to send it again."),
    ErrorKind.DIRECT_FILE_UNREACHABLE: (
        "The device of {server} did not answer the offer.",
        "Try again when they are online."),
    ErrorKind.DIRECT_FILE_GONE: (
        "The transfer stopped because {server} went offline, so the partial file was "
        "deleted.", "Ask them to send it again when they are back."),
    ErrorKind.DIRECT_FILE_STALLED: (
        "Nothing arrived from {server} for 30 seconds, so the transfer was stopped and the "
        "partial file deleted.", "Ask them to send it again."),
    ErrorKind.DIRECT_FILE_INTERRUPTED: (
        "Interrupted: Heron was closed before the transfer finished.",
        "The file can be sent again."),
    ErrorKind.DIRECT_FILE_FAILED: (
        "The transfer with {server} failed.",
        "Try again, or send the file through your server instead."),
    ErrorKind.DIRECT_FILE_UNCHECKED: (
        "The file arrived, but the checksum that {server} promised never came, so it could "
        "not be checked and was deleted.", "Ask {server} to send it again."),
    ErrorKind.OMEMO_UNDECRYPTABLE: (
        "This message was encrypted for a device that is not this one, or with keys this "
        "device no longer has, so Heron cannot show it.",
        "Ask {server} to send it again."),
    ErrorKind.OMEMO_NO_DEVICES: (
        "Not sent: {server} has no device that Heron can encrypt to.",
        "Ask them to turn on OMEMO encryption, or turn encryption off for this chat to send "
        "it unencrypted."),
    ErrorKind.OMEMO_ENCRYPT_FAILED: (
        "Not sent: this message could not be encrypted for {server}.",
        "Try again in a moment; if it keeps failing, turn encryption off for this chat to "
        "send it unencrypted."),
    ErrorKind.OMEMO_ROOM_NO_DEVICES: (
        "Not sent: {server} in this room have no device that Heron can encrypt to.",
        "Ask them to turn on OMEMO encryption, or turn encryption off for this room to send "
        "it unencrypted."),
    ErrorKind.OMEMO_ROOM_NOT_PRIVATE: (
        "Not sent: this room is no longer members-only and non-anonymous, so it cannot be "
        "encrypted.",
        "Turn encryption off for this room to send it unencrypted."),
    ErrorKind.OMEMO_DISTRUSTED_SENDER: (
        "Warning: this message came from a device of {server} that you distrust, so Heron "
        "does not show it.",
        "If you trust that device again, review it in the chat's encryption menu."),
    ErrorKind.OMEMO_KEY_CHANGED: (
        "Warning: the encryption key of a device of {server} changed, so Heron does not show "
        "this message. A device's key changes only when it was reinstalled, or when someone "
        "else pretends to be it.",
        "Ask {server} in person or by phone whether they reinstalled; then review the "
        "device in the chat's encryption menu and accept its new key."),
    ErrorKind.OMEMO_EDIT_NOT_SENT: (
        "Not sent: your change to a message in the encrypted chat with {server} could not be "
        "encrypted, and Heron does not send it unencrypted.",
        "Try again in a moment."),
    ErrorKind.OMEMO_REACTION_LEGACY: (
        "Not sent: the devices of {server} use the older OMEMO encryption, which cannot "
        "carry reactions, and Heron does not send them unencrypted.",
        "Answer with a message instead."),
}


def describe(kind: ErrorKind, detail: str = "", *, server: str = "the server",
             account: str = "this account") -> UserError:
    """The UserError for ``kind`` in Heron's words, with ``detail`` kept apart."""
    message, next_step = SENTENCES.get(kind, SENTENCES[ErrorKind.OTHER])
    domain = account.rsplit("@", maxsplit=1)[-1] if "@" in account else server
    names = {"server": server, "account": account, "domain": domain}
    return UserError(kind, message.format(**names), next_step.format(**names), detail)


# Why a message we sent reached nobody (a message error, RFC 6120 §8.3.3), by condition.
# {user}: the recipient's address, {domain}: its domain, {text}: the server's own words (plain
# text, one line, capped by the service). A condition not listed here is a refusal.
BOUNCE_NO_SUCH_USER = "{user} does not exist"
BOUNCE_UNREACHABLE = "The server for {domain} could not be reached"
BOUNCE_REFUSED_WITH_TEXT = "The server refused this message: {text}"
BOUNCE_REFUSED = "The server refused this message ({condition})"
BOUNCE_SENTENCES: dict[str, str] = {
    "service-unavailable": BOUNCE_NO_SUCH_USER,
    "item-not-found": BOUNCE_NO_SUCH_USER,
    "recipient-unavailable": BOUNCE_NO_SUCH_USER,
    "gone": BOUNCE_NO_SUCH_USER,
    "remote-server-not-found": BOUNCE_UNREACHABLE,
    "remote-server-timeout": BOUNCE_UNREACHABLE,
}


# A message Heron would not send unencrypted (xmpp/services/omemo_send.py) shows like a bounce.
for _kind in (ErrorKind.OMEMO_NO_DEVICES, ErrorKind.OMEMO_ENCRYPT_FAILED):
    BOUNCE_SENTENCES[_kind.value] = " ".join(SENTENCES[_kind]).replace("{server}", "{user}")
# In a room, the people without a device are named (the bounce's text)
for _kind in (ErrorKind.OMEMO_ROOM_NO_DEVICES, ErrorKind.OMEMO_ROOM_NOT_PRIVATE):
    BOUNCE_SENTENCES[_kind.value] = " ".join(SENTENCES[_kind]).replace("{server}", "{text}")


def bounce_template(condition: str, server_text: str) -> str:
    """The sentence (untranslated, with placeholders) that says why a message bounced."""
    template = BOUNCE_SENTENCES.get(condition)
    if template is not None:
        return template
    return BOUNCE_REFUSED_WITH_TEXT if server_text else BOUNCE_REFUSED


def describe_bounce(condition: str, recipient: str, server_text: str,
                    translate: Callable[[str], str] = str) -> str:
    """One plain line a person understands: why the message to ``recipient`` went nowhere.
    ``translate`` turns the template into the user's language (the UI passes Qt's)."""
    template = translate(bounce_template(condition, server_text))
    return template.format(user=recipient, domain=recipient.rsplit("@", maxsplit=1)[-1],
                           text=server_text, condition=condition.replace("-", " "))


def describe_room(kind: ErrorKind, room: str, detail: str = "") -> UserError:
    """The UserError for a room that refused us, in Heron's words."""
    return describe(kind, detail, server=room)


class RoomJoinError(HeronError):
    """A room refused to let us in; ``error`` says why in plain words."""


class RoomAdminError(HeronError):
    """A room refused a change (configuration, subject, affiliation, role, destroying it);
    ``error`` says why in plain words."""



# When the user ended a direct transfer, the card says so in these words instead.
DIRECT_FILE_BY_ME: dict[ErrorKind, str] = {
    ErrorKind.DIRECT_FILE_DECLINED: "You declined the file.",
    ErrorKind.DIRECT_FILE_CANCELLED: "You cancelled the transfer.",
}


def describe_direct_file(kind: ErrorKind, peer: str, *, by_me: bool = False,
                         translate: Callable[[str], str] = str) -> str:
    """How a direct file transfer ended, in one plain sentence for its card (``peer``: the
    contact's name, shown as plain text)."""
    mine = DIRECT_FILE_BY_ME.get(kind, "") if by_me else ""
    if mine:
        return translate(mine)
    message = SENTENCES.get(kind, SENTENCES[ErrorKind.DIRECT_FILE_FAILED])[0]
    return translate(message).format(server=peer)
