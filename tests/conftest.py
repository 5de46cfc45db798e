"""Shared test rig: offscreen Qt, asyncio tests on a qasync loop, a real server on loopback.

The server is Prosody unless ``--server=ejabberd`` (or ``HERON_TEST_SERVER=ejabberd``) says
otherwise; the option wins over the variable. A test about one server implementation itself is
marked ``@pytest.mark.server("prosody", reason=...)``: on the other server it is deselected, and
the summary names it with its reason.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
# Tests never touch the developer's real keyring: no backend means memory-only passwords.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from heron.core.secrets import PasswordStore
from heron.demo.ejabberd import LocalEjabberd
from heron.demo.prosody import LocalProsody
from heron.demo.rig import RigServer
from tests.passwords import MemoryKeyring


def _qapp() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv)
    assert isinstance(app, QApplication)
    return app


class _QasyncLoop(qasync.QEventLoop):  # type: ignore[misc]
    def close(self) -> None:
        # slixmpp leaves run_filters and similar tasks pending after disconnect (STACK-NOTES).
        pending = [t for t in asyncio.all_tasks(self) if not t.done()]
        for task in pending:
            task.cancel()
        if pending and not self.is_running():
            self.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        super().close()


def pytest_asyncio_loop_factories(config: Any, item: Any) -> dict[str, Callable[[], Any]]:
    return {"qasync": lambda: _QasyncLoop(_qapp())}


SERVERS: dict[str, type[LocalProsody] | type[LocalEjabberd]] = {
    "prosody": LocalProsody, "ejabberd": LocalEjabberd}
_DESELECTED = pytest.StashKey[list[tuple[str, str]]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--server", choices=sorted(SERVERS), default=None,
                     help="the XMPP server the integration and UI tests run against "
                          "(default: $HERON_TEST_SERVER, else prosody)")


def server_kind(config: pytest.Config) -> str:
    """The server this run tests against: --server, else $HERON_TEST_SERVER, else prosody."""
    kind = config.getoption("--server") or os.environ.get("HERON_TEST_SERVER") or "prosody"
    if kind not in SERVERS:
        raise pytest.UsageError(f"HERON_TEST_SERVER={kind!r}: choose one of {sorted(SERVERS)}")
    return str(kind)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "server(name, reason): the test is about that server implementation; "
                   "deselected (and listed with the reason) when the run uses another")
    config.stash[_DESELECTED] = []


def pytest_report_header(config: pytest.Config) -> str:
    return f"test server: {server_kind(config)}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    kind = server_kind(config)
    keep, drop = [], []
    for item in items:
        marker = item.get_closest_marker("server")
        if marker is None or marker.args[0] == kind:
            keep.append(item)
            continue
        drop.append(item)
        reason = marker.kwargs.get("reason", "")
        config.stash[_DESELECTED].append((item.nodeid, f"{marker.args[0]} only: {reason}"))
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int,
                            config: pytest.Config) -> None:
    deselected = config.stash.get(_DESELECTED, [])
    if deselected:
        terminalreporter.section(f"not run on {server_kind(config)} (pytest.mark.server)")
        cases: dict[tuple[str, str], int] = {}  # a parametrized test is one line
        for nodeid, reason in deselected:
            key = (nodeid.split("[", 1)[0], reason)
            cases[key] = cases.get(key, 0) + 1
        for (test, reason), count in cases.items():
            several = f" ({count} cases)" if count > 1 else ""
            terminalreporter.line(f"{test}{several}: {reason}")


@pytest.fixture(scope="session")
def server_class(request: pytest.FixtureRequest) -> type[LocalProsody] | type[LocalEjabberd]:
    """The class of the server under test, for a test that needs a server of its own (other
    certificate, fewer SASL mechanisms, a restart): ``server_class(run_dir, **knobs)``."""
    return SERVERS[server_kind(request.config)]


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory,
           server_class: type[LocalProsody] | type[LocalEjabberd]) -> Iterator[RigServer]:
    """The shared server of the run (Prosody or ejabberd, see the module's docstring)."""
    rig: RigServer = server_class(tmp_path_factory.mktemp("server"))
    rig.start()
    try:
        yield rig
    finally:
        rig.stop()


@pytest.fixture(scope="session")
def prosody(request: pytest.FixtureRequest,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalProsody]:
    """A Prosody, for tests about Prosody itself (the run's server when that is Prosody)."""
    if server_kind(request.config) == "prosody":
        yield request.getfixturevalue("server")
        return
    server = LocalProsody(tmp_path_factory.mktemp("prosody"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    """A secure keyring for one test (stands in for Secret Service)."""
    return MemoryKeyring()


@pytest.fixture
def password_store(tmp_path: Path, memory_keyring: MemoryKeyring) -> PasswordStore:
    """A password store for a profile under tmp_path, backed by :func:`memory_keyring`.
    Inject it: ``Heron(paths, passwords=password_store)``."""
    return PasswordStore(tmp_path / "profile", backend=memory_keyring)


@pytest.fixture
def keyringless_store(tmp_path: Path) -> PasswordStore:
    """A password store on a machine without any keyring (a minimal window manager, a headless
    box): memory only, or the password file for accounts that chose it."""
    import keyring.backends.fail

    return PasswordStore(tmp_path / "profile", backend=keyring.backends.fail.Keyring())


_user_numbers = itertools.count(1)


@pytest.fixture
def make_user(server: RigServer) -> Callable[[], tuple[str, str]]:
    """Each call registers a fresh account on the server under test: (bare JID, password)."""

    def make() -> tuple[str, str]:
        n = next(_user_numbers)
        password = f"pw-{n}-{os.getpid()}"
        return server.register(f"user{n}x{os.getpid()}", password), password

    return make



class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def _event_handler_errors_fail_the_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """The bus keeps going when a handler raises (a user keeps a working window), so only its
    log would show it: here any such error fails the test that caused it. A test about that
    behaviour itself is marked ``bus_errors_expected``."""
    collector = _Collector()
    bus_log = logging.getLogger("heron.core.bus")
    bus_log.addHandler(collector)
    try:
        yield
    finally:
        bus_log.removeHandler(collector)
    if collector.records and request.node.get_closest_marker("bus_errors_expected") is None:
        formatter = logging.Formatter("%(message)s")
        pytest.fail("an event handler raised:\n"
                    + "\n".join(formatter.format(r) for r in collector.records), pytrace=False)


@pytest.fixture(autouse=True)
def _collect_qt_garbage() -> Iterator[None]:
    """Destroy each test's widgets and clients between tests, not at a random garbage
    collection inside the next test's event loop (where a Qt object could die mid-event)."""
    yield
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent

    app = QApplication.instance()
    for widget in list(QApplication.topLevelWidgets()) if app else []:
        widget.close()
        widget.deleteLater()
    gc.collect()
    if app is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
