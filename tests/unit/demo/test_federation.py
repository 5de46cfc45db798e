"""The static name mapping of the federation rig (heron.demo.federation), without servers."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from heron.demo.federation import (
    S2S,
    erlang_srv_records,
    loopback_addresses,
    write_dead_resolv_conf,
    write_hosts_file,
    write_inetrc,
)

_LINK = S2S("127.10.20.30", {"beta.test": "127.40.50.60"})


def test_each_peer_name_maps_to_the_peers_address(tmp_path: Path) -> None:
    hosts = write_hosts_file(tmp_path / "hosts", _LINK).read_text().splitlines()
    assert hosts == ["127.40.50.60 beta.test", "127.40.50.60 conference.beta.test",
                     "127.40.50.60 upload.beta.test"]
    assert write_dead_resolv_conf(tmp_path / "resolv.conf").read_text() == \
        "nameserver 127.0.0.1@1\n"


def test_inetrc_has_one_entry_per_address(tmp_path: Path) -> None:
    # Erlang keeps only the last {host, Address, Names} of an address: one entry for all names.
    text = write_inetrc(tmp_path / "inetrc", _LINK).read_text()
    assert text.count("{host, ") == 1
    assert '{host, {127,40,50,60}, ["beta.test", "conference.beta.test", ' \
        '"upload.beta.test"]}.' in text
    assert "{resolv_conf, []}." in text  # no name server to wait for


def test_ejabberd_gets_srv_records_naming_the_address_itself() -> None:
    records = erlang_srv_records(_LINK)
    assert 'inet_db:add_rr("_xmpp-server._tcp.conference.beta.test", in, srv, ' in records
    assert records.count('{0, 0, 5269, "127.40.50.60"}') == 3
    assert records.endswith(".")


def test_peer_domains_outside_test_are_refused() -> None:
    with pytest.raises(ValueError, match=r"example\.org"):
        S2S("127.1.1.1", {"example.org": "127.2.2.2"})


def test_loopback_addresses_are_distinct_and_not_127_0() -> None:
    found = loopback_addresses(3)
    assert len(set(found)) == 3
    for address in found:
        ip = ipaddress.ip_address(address)
        assert ip.is_loopback and not address.startswith("127.0.")
