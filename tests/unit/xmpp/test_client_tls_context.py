"""The client's TLS context is Heron's own from the start, and the only one built.

slixmpp builds two default contexts of its own unless it is given one; each reads the system's
CA store, on the event loop, at every account start.
"""

from __future__ import annotations

import asyncio
import ssl
import threading
from typing import Any

import pytest

from heron.core.settings import AccountConfig
from heron.xmpp.client import HeronXMPP
from tests.helpers import until

pytestmark = pytest.mark.asyncio


@pytest.fixture
def contexts_made(monkeypatch: pytest.MonkeyPatch) -> list[ssl.SSLContext]:
    made: list[ssl.SSLContext] = []
    real = ssl.create_default_context

    def counting(*args: Any, **kwargs: Any) -> ssl.SSLContext:
        made.append(real(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(ssl, "create_default_context", counting)
    return made


async def test_one_context_is_built_with_herons_rules(
        contexts_made: list[ssl.SSLContext]) -> None:
    client = HeronXMPP(AccountConfig(jid="alice@example.org"), "pw")
    assert contexts_made == [client.ssl_context]
    assert client.get_ssl_context() is client.ssl_context
    # The name is Heron's own check (against the account's domain); the chain is OpenSSL's.
    assert client.ssl_context.check_hostname is False
    assert client.ssl_context.verify_mode is ssl.CERT_REQUIRED


async def test_a_pinned_certificate_account_gets_its_context_too(
        contexts_made: list[ssl.SSLContext]) -> None:
    account = AccountConfig(jid="alice@example.org", pinned_certs=("AB:CD",))
    client = HeronXMPP(account, "pw")
    assert contexts_made == [client.ssl_context]
    assert client.ssl_context.verify_mode is ssl.CERT_NONE  # checked by fingerprint instead


async def test_a_client_collected_on_another_thread_still_ends_its_task() -> None:
    """The garbage collector may finalise a client on the storage writer's thread; its
    helper task must still be cancelled (on the loop's thread), not left pending."""
    client = HeronXMPP(AccountConfig(jid="alice@example.org"), "pw")
    task = asyncio.ensure_future(asyncio.sleep(60))  # stands for slixmpp's filter task
    await asyncio.sleep(0.01)  # running, and waiting (as the real one waits for stanzas)
    client._run_out_filters = task  # type: ignore[assignment]
    collector = threading.Thread(target=client.__del__)  # a collection on another thread
    collector.start()
    collector.join()
    await until(task.done)
    assert task.cancelled()
    client._run_out_filters = None  # type: ignore[assignment]
