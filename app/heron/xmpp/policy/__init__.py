"""Whom to believe: pure checks applied once, at the edge, before a stanza becomes an event.

DESIGN.md, "Security rules": *a stanza is believed only from whom it may come*. slixmpp alone
is too trusting (STACK-NOTES.md §10), so every service asks this package first and drops (and
logs, with :func:`log_rejected`) whatever it refuses. The functions do no I/O and touch no event
loop; JIDs may be passed as ``str`` or ``slixmpp.JID`` and are parsed (and normalised:
nodeprep/nameprep, case) with ``slixmpp.JID`` (jids.py). A JID that does not parse is never
believed. One module per capability; callers use ``policy.<rule>`` from here.

Which rule each function enforces:

- account.py
  - :func:`carbon_ok` — "carbons only from our own bare JID (not another of our resources)";
    also no ``type='groupchat'`` outer message (XEP-0280 §11, CVE-2017-5591).
  - :func:`roster_push_ok` — "roster pushes only from our server": no ``from`` or exactly our
    bare JID, never another of our resources or anyone else; and exactly one ``<item/>``
    (RFC 6121 §2.1.6). :func:`blocklist_push_ok` — the same for block list pushes (XEP-0191).
  - :func:`disco_answer_ok` — what our server offers (XEP-0030) is believed only from our
    server: its domain, a service under it, or our own bare JID, and only from the address asked.
  - :func:`bookmark_update_ok` — "a bookmark update only from the user's own account"
    (XEP-0402 §4: the PEP service of our own bare JID, never a resource or anyone else).
- archive.py
  - :func:`mam_result_ok` — "MAM results only from the archive we queried and with our query
    id" (XEP-0313 §4/§5; for our own archive the result has no ``from`` or our bare JID).
  - :func:`stanza_id_trusted` — "stanza-ids only when ``by`` is the archive" (XEP-0359 §7: our
    own bare JID for 1:1 chats, the room's bare JID for MUC), and only an archive that
    announced ``urn:xmpp:sid:0`` (XEP-0359 §4).
- jids.py: :func:`jid_ok` — a ``from`` that is not a JID is dropped at the edge, before any
  handler.
- rooms.py
  - :func:`groupchat_ok` — "groupchat messages only from rooms we joined".
  - :func:`room_message_ok` — a room message (XEP-0045 §7.4) only from a room we are in and
    only with a nick (``room@service/nick``); :func:`room_private_ok` the same for a private
    message through the room; :func:`room_subject_ok` — a subject only as the room relays it
    (from the room, bare or with the setter's nick): the room is the authority;
    :func:`mediated_invitation_ok` — an invitation only from a room's bare JID.
  - :func:`room_edit_ok` — a correction, retraction or reaction in a room only from the same
    occupant (XEP-0421 occupant-id, else the real JID, else one stay of the nick; never the nick).
  - :func:`moderation_ok` — "a moderation only from the room's own bare JID" (XEP-0425).
- edits.py
  - :func:`correction_ok` — "corrections only from the original sender" (XEP-0308 §5).
  - :func:`retraction_ok` — "retractions only from the original sender" (XEP-0424 §6,
    Business Rules: the same bare JID in a one-to-one conversation), and only for a message we
    hold.
  - :func:`reaction_ok` — reactions (XEP-0444 §5) only from the conversation's peer or from us
    (another of our clients), and only to a message of that conversation that we hold.
- peers.py
  - :func:`receipt_ok` / :func:`chat_state_ok` — receipts (XEP-0184 §5) and chat states
    (XEP-0085) only from the conversation's peer (same bare JID); the receipt's peer is the
    recipient of the message as stored, chat states never from our own account.
  - :func:`bounce_ok` — a message error (RFC 6120 §8.3) for one of our messages only from the
    address it went to (any resource), that address's server, or our own server.
  - :func:`avatar_ok` — a picture (XEP-0084/0153) only from its owner, and only for a contact
    in the roster or our own account.
- reading.py
  - :func:`marker_ok` — a chat marker (XEP-0333 ``<received/>``/``<displayed/>``) for one of
    our messages only from the bare JID that message went to, never from our own account;
    :func:`read_elsewhere_ok` — a ``<displayed/>`` of another of our clients only from our
    own account to someone else.
  - :func:`displayed_sync_ok` — a XEP-0490 displayed state (a PEP item of
    ``urn:xmpp:mds:displayed:0``) only from our own bare JID: no one else says what we read.
- jingle.py: :func:`jingle_initiate_ok` / :func:`jingle_action_ok` (XEP-0166),
  :func:`jmi_propose_ok` / :func:`jmi_action_ok` (XEP-0353), :func:`direct_file_offer_ok`
  (XEP-0234): calls and files only from the devices they may come from.
- omemo.py: :func:`omemo_device_list_ok` — a device list (XEP-0384) only from its owner.
- atm.py: :func:`trust_message_ok` — a trust message (XEP-0450) only from a verified device,
  and from a contact's device only about that contact's own keys.
"""

from heron.xmpp.policy.account import (
    blocklist_push_ok,
    bookmark_update_ok,
    carbon_ok,
    disco_answer_ok,
    roster_push_ok,
)
from heron.xmpp.policy.archive import mam_result_ok, stanza_id_trusted
from heron.xmpp.policy.atm import trust_message_ok
from heron.xmpp.policy.edits import correction_ok, reaction_ok, retraction_ok
from heron.xmpp.policy.jids import DirectionLike, JIDLike, jid_ok
from heron.xmpp.policy.jingle import (
    JMI_FROM_OWN,
    JMI_FROM_PEER,
    direct_file_offer_ok,
    jingle_action_ok,
    jingle_initiate_ok,
    jmi_action_ok,
    jmi_propose_ok,
)
from heron.xmpp.policy.omemo import omemo_device_list_ok
from heron.xmpp.policy.peers import avatar_ok, bounce_ok, chat_state_ok, receipt_ok
from heron.xmpp.policy.reading import displayed_sync_ok, marker_ok, read_elsewhere_ok
from heron.xmpp.policy.rooms import (
    groupchat_ok,
    mediated_invitation_ok,
    moderation_ok,
    room_edit_ok,
    room_message_ok,
    room_private_ok,
    room_subject_ok,
)
from heron.xmpp.policy.verdict import ACCEPT, Verdict, log, log_rejected

__all__ = [
    "ACCEPT",
    "JMI_FROM_OWN",
    "JMI_FROM_PEER",
    "DirectionLike",
    "JIDLike",
    "Verdict",
    "avatar_ok",
    "blocklist_push_ok",
    "bookmark_update_ok",
    "bounce_ok",
    "carbon_ok",
    "chat_state_ok",
    "correction_ok",
    "direct_file_offer_ok",
    "disco_answer_ok",
    "displayed_sync_ok",
    "groupchat_ok",
    "jid_ok",
    "jingle_action_ok",
    "jingle_initiate_ok",
    "jmi_action_ok",
    "jmi_propose_ok",
    "log",
    "log_rejected",
    "mam_result_ok",
    "marker_ok",
    "mediated_invitation_ok",
    "moderation_ok",
    "omemo_device_list_ok",
    "reaction_ok",
    "read_elsewhere_ok",
    "receipt_ok",
    "retraction_ok",
    "room_edit_ok",
    "room_message_ok",
    "room_private_ok",
    "room_subject_ok",
    "roster_push_ok",
    "stanza_id_trusted",
    "trust_message_ok",
]
