"""The recorder's cutting and normalising (tests/recordings/tap.py): a recording must be the
server's bytes, and a re-recording must differ only where the server's behaviour did."""

from __future__ import annotations

from tests.recordings.tap import Normaliser, RawTap

HEADER = (b"<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
          b"xmlns:stream='http://etherx.jabber.org/streams' id='s1' from='localhost'>")


def test_stanzas_are_cut_byte_for_byte_across_reads() -> None:
    tap = RawTap()
    tap.new_stream()
    first = b"<presence from='b@x/r' type='subscribe' note='a>b'/>"  # '>' inside a value
    second = b"<message to=\"a@x\" from='b@x'><body>hi &amp; bye</body><x xmlns='y'/></message>"
    data = HEADER + b"\n" + first + b" " + second + b"<iq type='result' id='1'/>"
    for i in range(0, len(data), 7):  # the way TLS records split it
        tap.feed(data[i:i + 7])
    (stream,) = tap.streams
    assert stream.header == HEADER[len(b"<?xml version='1.0'?>"):]
    assert stream.stanzas == [first, second, b"<iq type='result' id='1'/>"]


def test_a_stream_restart_starts_a_new_stream() -> None:
    tap = RawTap()
    tap.new_stream()
    tap.feed(HEADER + b"<stream:features><starttls xmlns='t'/></stream:features>")
    tap.new_stream()
    tap.feed(HEADER.replace(b"s1", b"s2") + b"<stream:features><bind xmlns='b'/></stream:features>")
    assert [s.header.count(b"s2") for s in tap.streams] == [0, 1]
    assert [len(s.stanzas) for s in tap.streams] == [1, 1]
    assert tap.stanzas[1][1] == b"<stream:features><bind xmlns='b'/></stream:features>"


def test_volatile_values_become_stand_ins_of_the_same_kind() -> None:
    normaliser = Normaliser(ports=(45123,))
    text = normaliser.text(
        "<message id='5f2c1d7e3b6a4c1e9f8d0a1b2c3d4e5f'><stanza-id id='1733340000123456' "
        "by='a@x'/><delay stamp='2026-12-04T20:40:00.123456Z'/><x url='https://h:45123/u'/>"
        "</message><result id='1733340000123456'><delay stamp='2026-12-04T20:40:07Z'/></result>"
        "<iq id='aB3dE_gH1jK2'><query ver='7'/><c ver='Qx9+z/8='/><last>1733340000123456</last>"
        "</iq>")
    assert text == (
        "<message id='00000000000000000000000000000001'><stanza-id id='1000000000000002' "
        "by='a@x'/><delay stamp='2026-01-02T03:04:01.000001Z'/><x url='https://h:PORT/u'/>"
        "</message><result id='1000000000000002'><delay stamp='2026-01-02T03:04:02Z'/></result>"
        "<iq id='xxxxxxxxxxx3'><query ver='7'/><c ver='v1'/><last>1000000000000002</last></iq>")


def test_prosodys_random_orders_are_sorted() -> None:
    normaliser = Normaliser(sort_attributes=True)
    one = normaliser.text("<iq type='result' to='a@x/r' from='x'><query xmlns='q'>"
                          "<feature var='b'/><identity category='server'/><feature var='a'/>"
                          "</query></iq>")
    two = normaliser.text("<iq from='x' to='a@x/r' type='result'><query xmlns='q'>"
                          "<feature var='a'/><feature var='b'/><identity category='server'/>"
                          "</query></iq>")
    assert one == two
    # A message's children keep the order the server wrote them in.
    body = "<message from='b@x'><body>hi</body><active xmlns='c'/></message>"
    assert normaliser.text(body) == body
