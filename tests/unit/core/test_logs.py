"""What --debug may write: stanzas yes; SASL payloads, passwords and (by default) text no."""

from __future__ import annotations

import logging
import sys

from heron.core.logs import HIDDEN, SecretsFilter, redact

SASL = 'xmlns="urn:ietf:params:xml:ns:xmpp-sasl"'


def test_sasl_payloads_are_hidden_and_the_rest_stays() -> None:
    for stanza in (f'<auth {SASL} mechanism="PLAIN">AGFsaWNlAHNlY3JldA==</auth>',
                   f"<response {SASL}>Yz1iaXdzLHI9</response>",
                   f"<challenge {SASL}>cj1meWtvK2QybGJiRmdP</challenge>",
                   f"<success {SASL}>dj1ybUY5cHFWOFM3c3VB</success>"):
        payload = stanza.split(">")[1].split("<")[0]
        hidden = redact(f"SEND: {stanza}")
        assert payload not in hidden
        assert hidden == "SEND: " + stanza.replace(payload, HIDDEN)
    assert redact(f"<auth {SASL} mechanism='EXTERNAL'/>") == f"<auth {SASL} mechanism='EXTERNAL'/>"


def test_registration_passwords_are_hidden_in_elements_and_forms() -> None:
    plain = ('<iq type="set"><query xmlns="jabber:iq:register"><username>bob</username>'
             "<password>hunter2hunter2</password></query></iq>")
    form = ('<x xmlns="jabber:x:data" type="submit"><field var="username"><value>bob</value>'
            '</field><field var="password" type="text-private"><value>hunter2hunter2</value>'
            "</field></x>")
    for text in (plain, form):
        cleaned = redact(text)
        assert "hunter2" not in cleaned and "bob" in cleaned


def test_message_text_only_with_bodies() -> None:
    message = ('<message to="a@example.org"><body>meet me at 5</body>'
               '<html xmlns="http://jabber.org/protocol/xhtml-im">'
               '<body xmlns="http://www.w3.org/1999/xhtml"><p>meet me at 5</p></body></html>'
               "<subject>plans</subject></message>")
    assert "meet me" not in redact(message) and "plans" not in redact(message)
    assert redact(message).count(HIDDEN) == 3
    assert redact(message, bodies=True) == message
    assert "hunter2" not in redact("<password>hunter2</password><body>x</body>", bodies=True)


def test_the_filter_rewrites_messages_and_tracebacks() -> None:
    try:
        raise ValueError("<password>hunter2</password>")
    except ValueError:
        record = logging.LogRecord("slixmpp", logging.DEBUG, __file__, 1, "SEND: %s",
                                   ("<body>hello there</body>",), exc_info=True)
        record.exc_info = sys.exc_info()
    assert SecretsFilter().filter(record)
    text = logging.Formatter().format(record)
    assert "hello there" not in text and "hunter2" not in text and "SEND: <body>" in text
