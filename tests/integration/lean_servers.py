"""Servers that lack what Heron would use, beside full ones, on both implementations.

A lean server has MAM, carbons, stream management and HTTP upload switched off (one server per
implementation serves every "feature absent" test). The fixtures are parametrized over Prosody
and ejabberd; import them into a test module to use them.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from typing import Any

import pytest

from heron.demo.ejabberd import LocalEjabberd
from heron.demo.prosody import LocalProsody

#: The same four features, by each server's module names.
LEAN_PROSODY = ("mam", "carbons", "smacks", "http_file_share")
LEAN_EJABBERD = ("mod_mam", "mod_carboncopy", "mod_stream_mgmt", "mod_http_upload")
IMPLEMENTATIONS = ["prosody", "ejabberd"]

_numbers = itertools.count(1)


def _serve(server: Any) -> Iterator[Any]:
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def lean_prosody(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalProsody]:
    yield from _serve(LocalProsody(tmp_path_factory.mktemp("lean-prosody"),
                                   disabled_modules=LEAN_PROSODY))


@pytest.fixture(scope="session")
def lean_ejabberd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalEjabberd]:
    yield from _serve(LocalEjabberd(tmp_path_factory.mktemp("lean-ejabberd"),
                                    disabled_modules=LEAN_EJABBERD))


@pytest.fixture(scope="session")
def full_ejabberd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalEjabberd]:
    yield from _serve(LocalEjabberd(tmp_path_factory.mktemp("full-ejabberd")))


@pytest.fixture(params=IMPLEMENTATIONS)
def lean_server(request: pytest.FixtureRequest) -> Any:
    """A server with none of the four features, once per implementation."""
    return request.getfixturevalue(f"lean_{request.param}")


@pytest.fixture(params=IMPLEMENTATIONS)
def full_server(request: pytest.FixtureRequest) -> Any:
    """The full rig server (every feature on), once per implementation."""
    name = "prosody" if request.param == "prosody" else "full_ejabberd"
    return request.getfixturevalue(name)


@pytest.fixture(params=[(k, i) for k in ("lean", "full") for i in IMPLEMENTATIONS],
                ids="-".join)
def either_server(request: pytest.FixtureRequest) -> tuple[str, Any]:
    """("lean", server) or ("full", server), for both implementations: a check that must
    show the feature missing on one and working on the other."""
    kind, implementation = request.param
    name = {"lean": f"lean_{implementation}",
            "full": "prosody" if implementation == "prosody" else "full_ejabberd"}[kind]
    return kind, request.getfixturevalue(name)


def new_user(server: Any) -> tuple[str, str]:
    """A fresh account on ``server``: (bare JID, password)."""
    n = next(_numbers)
    password = f"pw-{n}-{os.getpid()}"
    return server.register(f"feat{n}x{os.getpid()}", password), password
