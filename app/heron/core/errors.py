"""Errors that carry a message meant for the user."""


class HeronError(Exception):
    """Base class: ``str(err)`` is fit to show in the UI."""


class NoSecureKeyringError(HeronError):
    pass


class ConfigError(HeronError):
    pass
