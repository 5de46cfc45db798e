"""Connection changes in one place, worded once: the status bar's line (what is happening now),
the account's dot and line in the sidebar, one banner per account and kind of failure that
waits for the user, and own presence reading "Offline" while nothing is connected.

Errors are consumed generically: whatever ``ErrorKind`` a failure has, its ``UserError``
brings the sentence, the next step and the raw detail (behind "Details").
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from heron.application import Heron
from heron.core.bus import Phase
from heron.core.errors import ErrorKind, UserError
from heron.core.events import AccountRemoved, ConnectionChanged, ConnectionState
from heron.models.bus_scope import scoped
from heron.ui.sidebar import Sidebar
from heron.ui.status import StatusBar

_ONLINE = (ConnectionState.CONNECTED, ConnectionState.CONNECTING, ConnectionState.RECONNECTING)
# A connection that works again clears the connection problems; not a failing disk, which
# only a write that works again clears (ui/problems.py).
_ERROR_KINDS = frozenset(kind.value for kind in ErrorKind if kind is not ErrorKind.STORAGE_FAILED)
_WORDS = {
    ConnectionState.DISABLED: "Disabled",
    ConnectionState.OFFLINE: "Offline",
    ConnectionState.CONNECTING: "Connecting…",
    ConnectionState.CONNECTED: "Connected",
    ConnectionState.RECONNECTING: "Reconnecting…",
    ConnectionState.AUTH_FAILED: "Sign-in failed",
    ConnectionState.CERT_UNTRUSTED: "Certificate not trusted",
    ConnectionState.NO_TLS: "No encryption offered",
    ConnectionState.ERROR: "Stopped",
}


class ConnectionStatus(QObject):
    edit_requested = Signal(str)  # the user wants to fix the account's settings

    def __init__(self, app: Heron, sidebar: Sidebar, status_bar: StatusBar,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.app = app
        self.sidebar = sidebar
        self.status_bar = status_bar
        self.states: dict[str, ConnectionState] = {}
        status_bar.retry_requested.connect(self.app.retry_now)
        bus = scoped(self, app.bus)  # unsubscribed when this is destroyed
        bus.subscribe(ConnectionChanged, self._on_connection, Phase.UI)
        bus.subscribe(AccountRemoved, self._on_removed, Phase.UI)
        for account in app.accounts:
            state = ConnectionState.OFFLINE if account.enabled else ConnectionState.DISABLED
            self.sidebar.account_status.row(account.jid).set_status(
                state.value, self.tr(_WORDS[state]), problem=False)

    def _server(self, jid: str) -> str:
        account = self.app.settings.account(jid)
        return (account.host if account and account.host else "") or jid.rsplit("@", maxsplit=1)[-1]

    def _on_connection(self, event: ConnectionChanged) -> None:
        jid, state, error = event.account, event.state, event.error
        self.states[jid] = state
        word = self.tr(_WORDS.get(state, state.value))
        row = self.sidebar.account_status.row(jid)
        if state is ConnectionState.CONNECTING:
            self.status_bar.say(self.tr("Connecting to {server}…").format(
                server=self._server(jid)), state.value)
            row.set_status(state.value, word, problem=False)
        elif state is ConnectionState.RECONNECTING:
            reason = f"{error.message} " if error else ""
            template = f"{jid}: {reason}" + self.tr("Reconnecting in {seconds} s —")
            self.status_bar.count_down(jid, template, event.retry_in)
            row.set_status(state.value, word, problem=False,
                           tooltip=self._explain(jid, error) if error else "")
        elif error is not None:
            self.status_bar.say(f"{jid}: {error.message}", state.value)
            row.set_status(state.value, word, problem=True, tooltip=self._explain(jid, error))
        else:
            text = event.detail if state is ConnectionState.OFFLINE and event.detail else word
            self.status_bar.say(f"{jid}: {text}", state.value)
            row.set_status(state.value, text, problem=False)
        if error is not None and error.terminal:
            self._show_banner(jid, error)
        elif state in (ConnectionState.CONNECTED, ConnectionState.DISABLED):
            self._clear_banners(jid)
        self._update_own_presence()

    def _explain(self, jid: str, error: UserError) -> str:
        return f"{jid}\n{error.message}\n{error.next_step}".strip()

    def _show_banner(self, jid: str, error: UserError) -> None:
        """One banner per account and kind: a repeat replaces it, never stacks."""
        self.sidebar.banners.show_banner(
            jid, error.kind.value,
            error.message if jid in error.message else f"{jid}: {error.message}",
            [(self.tr("Edit…"), lambda: self.edit_requested.emit(jid)),
             (self.tr("Try again"), lambda: self.app.retry_now(jid))],
            details=error.detail, next_step=error.next_step, dismissable=True)

    def _clear_banners(self, jid: str) -> None:
        for kind in _ERROR_KINDS:
            self.sidebar.banners.remove(jid, kind)

    def _update_own_presence(self) -> None:
        online = any(s is ConnectionState.CONNECTED for s in self.states.values())
        self.sidebar.show_online(online)
        busy = any(s in _ONLINE for s in self.states.values())
        self.sidebar.toggle_account_action.setText(self.tr("Go offline") if busy
                                                   else self.tr("Go online"))

    def _on_removed(self, event: AccountRemoved) -> None:
        self.states.pop(event.account, None)
        self.sidebar.account_status.remove(event.account)
        self.sidebar.banners.remove(event.account)
        self.status_bar.say(self.tr("{jid} was removed.").format(jid=event.account))
        self._update_own_presence()
