"""Why a file was not sent or saved, in one sentence a person understands.

The reason codes come from xmpp/httpfiles.py (``Refused.reason``) and xmpp/services/files.py;
the UI passes Qt's translate function. Placeholders: {name} the file, {limit} a size.
"""

from __future__ import annotations

from collections.abc import Callable

FILE_SENTENCES: dict[str, str] = {
    "not-https": "Heron fetches files only over a secure connection (https); this link was "
                 "not downloaded.",
    "redirect-not-https": "The server tried to send the download to an insecure address "
                          "(not https), so Heron stopped.",
    "too-many-redirects": "The server sent the download on too many detours, so Heron "
                          "stopped.",
    "private-address": "This link points into a private network; Heron downloads such "
                       "links only from your contacts.",
    "too-large": "The file is larger than Heron downloads ({limit}).",
    "too-much-data": "The server sent more data than the file was said to have, so Heron "
                     "stopped and deleted the partial file.",
    "http-status": "The server did not hand out the file (HTTP {detail}).",
    "bad-url": "This is not a link Heron can download.",
    "bad-name": "Heron could not find a name to save this file under.",
    "network": "The connection broke during the transfer.",
    "tls": "The file server's certificate could not be verified, so Heron stopped.",
    "disk": "Heron could not write the file: {detail}.",
    "file-changed": "The file changed or disappeared while it was sent.",
    "file-unreadable": "Heron could not read the file: {detail}.",
    "upload-too-large": "{name} is too large for your server: it accepts files up to "
                        "{limit}.",
    "no-upload": "Your server does not offer file upload.",
    "slot-refused": "Your server refused to take the file: {detail}.",
    "offline": "This account is not connected.",
    "interrupted": "Heron was closed during the transfer.",
    "cancelled": "Cancelled.",
    "tag-mismatch": "This encrypted file was changed or damaged on its way (it does not "
                    "match its key), so Heron deleted it.",
}
UNKNOWN = "The transfer failed ({detail})."


class FileProblem(Exception):  # noqa: N818  what the user is told, not a bug
    """A file that cannot be sent: ``text`` is the sentence for the user."""

    def __init__(self, reason: str, text: str) -> None:
        super().__init__(text)
        self.reason = reason
        self.text = text


def human_size(size: int | None) -> str:
    """1536 -> "1.5 KB" (decimal units, as file managers show them)."""
    if size is None:
        return ""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":  # noqa: PLR2004  decimal steps
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} TB"  # pragma: no cover  (loop returns)


def describe_file_problem(reason: str, translate: Callable[[str], str] = str, *,
                          detail: str = "", name: str = "", size: int | None = None,
                          limit: int | None = None) -> str:
    template = translate(FILE_SENTENCES.get(reason, UNKNOWN))
    return template.format(detail=detail or reason, name=name, size=human_size(size),
                           limit=human_size(limit))
