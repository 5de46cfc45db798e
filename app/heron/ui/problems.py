"""Problems the services report (ErrorReported) as banners, and a failing storage in the status
bar until a write works again (StorageRecovered).

A report that carries a UserError gets a banner keyed by (account, kind): its sentence, its
next step, the raw text behind "Details", and a way to dismiss it; a repeat replaces it. A
storage failure is more than a passing message: until a later write for that account succeeds,
the status bar says that messages cannot be saved, whatever the connection line says.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from heron.application import Heron
from heron.core.bus import Phase
from heron.core.errors import ErrorKind
from heron.core.events import AccountRemoved, ErrorReported, StorageRecovered
from heron.models.bus_scope import scoped
from heron.ui.banners import BannerArea
from heron.ui.status import StatusBar

_STORAGE = ErrorKind.STORAGE_FAILED.value


class ProblemReports(QObject):
    def __init__(self, app: Heron, banners: BannerArea, status_bar: StatusBar,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.banners = banners
        self.status_bar = status_bar
        self.storage_failing: set[str] = set()  # accounts whose last write failed
        bus = scoped(self, app.bus)  # unsubscribed when this is destroyed
        bus.subscribe(ErrorReported, self._on_error, Phase.UI)
        bus.subscribe(StorageRecovered, self._on_recovered, Phase.UI)
        bus.subscribe(AccountRemoved, self._on_removed, Phase.UI)

    def _on_error(self, event: ErrorReported) -> None:
        error = event.error
        if error is None:  # plain text only: one "error" banner per account
            self.banners.show_banner(event.account, "error", event.text, [], dismissable=True)
            return
        prefix = f"{event.account}: " if event.account else ""
        self.banners.show_banner(event.account, error.kind.value, prefix + error.message, [],
                                 details=error.detail, next_step=error.next_step,
                                 dismissable=True)
        if error.kind is ErrorKind.STORAGE_FAILED:
            self.storage_failing.add(event.account)
            self._update_status()

    def _on_recovered(self, event: StorageRecovered) -> None:
        self.storage_failing.discard(event.account)
        self.banners.remove(event.account, _STORAGE)
        self._update_status()

    def _on_removed(self, event: AccountRemoved) -> None:
        self.storage_failing.discard(event.account)
        self._update_status()

    def _update_status(self) -> None:
        if not self.storage_failing:
            self.status_bar.set_problem("")
        elif len(self.storage_failing) == 1:
            (account,) = self.storage_failing
            self.status_bar.set_problem(self.tr(
                "{account}: messages cannot be saved").format(account=account))
        else:
            self.status_bar.set_problem(self.tr("Messages cannot be saved"))
