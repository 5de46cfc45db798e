"""Archives: MAM results only from the archive we asked (XEP-0313), stanza-ids only from the
archive that stamped them (XEP-0359)."""

from __future__ import annotations

from collections.abc import Collection

from heron.xmpp.policy.jids import JIDLike, _bare, _parse
from heron.xmpp.policy.verdict import ACCEPT, Verdict, _reject


def mam_result_ok(outer_from: JIDLike, queried_archive: JIDLike, own_bare: JIDLike,
                  result_queryid: str, our_queryid: str) -> Verdict:
    """XEP-0313: a result is from the archive we asked and carries the queryid we chose.

    ``queried_archive`` is the JID the query was sent to (our own bare JID for our archive, a
    room's bare JID for MUC MAM). For our own archive the result has no ``from`` or our bare JID;
    for any other archive ``from`` must be that archive's bare JID.
    """
    if not our_queryid or result_queryid != our_queryid:
        return _reject("wrong-query-id")
    own = _bare(own_bare)
    archive = _bare(queried_archive) if queried_archive else own
    sender = _parse(outer_from)
    if not own or not archive:
        return _reject("archive-unknown")
    if sender is None:
        return _reject("invalid-from")
    if not sender[0]:
        return ACCEPT if archive == own else _reject("no-from-for-remote-archive")
    if sender[0] != archive or sender[1]:
        return _reject("not-from-queried-archive")
    return ACCEPT


def stanza_id_trusted(by: JIDLike, archive: JIDLike,
                      announced: Collection[str] = ()) -> Verdict:
    """XEP-0359 §4/§7: a stanza-id is only ours to dedup by when ``by`` is the archive itself
    AND that archive announced ``urn:xmpp:sid:0`` in disco (``announced``: the bare JIDs whose
    disco#info listed it). Only such an archive strips ids others planted; from a server
    without it, or before its disco answer is known, no stanza-id is believed.

    ``archive`` is our own bare JID for 1:1 messages, the room's bare JID for groupchat.
    """
    stamped = _parse(by)
    expected = _bare(archive)
    if not stamped or not stamped[0] or stamped[1] or not expected or stamped[0] != expected:
        return _reject("not-by-the-archive")
    if not any(_bare(jid) == expected for jid in announced):
        return _reject("archive-did-not-announce-sid")
    return ACCEPT
