"""Read a server's certificate for display, so the user can decide whether to trust it.

Used only after normal validation failed: the connection made here never authenticates and sends
nothing but a stream header and STARTTLS, then closes. The fingerprint shown to the user is what
they pin; the real connection then accepts exactly that certificate.
"""

from __future__ import annotations

import asyncio
import ssl

# Bytes of stream header and features read before giving up on a server that never finishes.
MAX_PREAMBLE = 65536


def _display_only_context() -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    # Reading the certificate to show its fingerprint; no credentials ever pass this socket.
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


async def fetch_server_certificate(
    host: str, port: int, domain: str, direct_tls: bool, timeout: float = 10.0
) -> bytes:
    """Return the DER certificate the server presents (Direct TLS or after STARTTLS)."""
    async with asyncio.timeout(timeout):
        if direct_tls:
            reader, writer = await asyncio.open_connection(
                host, port, ssl=_display_only_context(), server_hostname=domain
            )
        else:
            reader, writer = await asyncio.open_connection(host, port)
            writer.write(
                (
                    f"<?xml version='1.0'?><stream:stream to='{domain}' version='1.0' "
                    "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
                ).encode()
            )
            buf = b""
            while b"</stream:features>" not in buf:
                chunk = await reader.read(4096)
                if not chunk or len(buf) > MAX_PREAMBLE:
                    raise ValueError("no stream features from server")
                buf += chunk
            if b"urn:ietf:params:xml:ns:xmpp-tls" not in buf:
                raise ValueError("server offers no STARTTLS")
            writer.write(b"<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
            buf = b""
            while b"proceed" not in buf:
                chunk = await reader.read(4096)
                if not chunk or len(buf) > MAX_PREAMBLE:
                    raise ValueError("server did not proceed with STARTTLS")
                buf += chunk
            await writer.start_tls(_display_only_context(), server_hostname=domain)
        ssl_object = writer.get_extra_info("ssl_object")
        der: bytes = ssl_object.getpeercert(True) if ssl_object else b""
        writer.close()
        if not der:
            raise ValueError("server presented no certificate")
        return der
