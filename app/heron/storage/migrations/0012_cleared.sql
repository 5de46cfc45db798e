-- v12: deleted history stays deleted; retractions wait in an outbox
-- "Delete local history" of a conversation: the time of the newest message deleted. Anything
-- at or before it that comes again (an archive page after the archive bookmark was lost, or
-- scrolling back past the local history) is not stored, so deleted history stays deleted.
CREATE TABLE cleared (
    account TEXT NOT NULL,
    peer TEXT NOT NULL,
    before REAL NOT NULL,
    PRIMARY KEY (account, peer)
) WITHOUT ROWID;

-- XEP-0424 retractions the user made that our server has not acknowledged yet (made offline,
-- or sent just before the connection dropped): sent again at the next session, like the
-- messages of the outbox. ``prior_state`` is the message's tick before it was deleted: the
-- tombstone shows "waiting to be sent" until the ack, then that tick again.
CREATE TABLE retraction_outbox (
    account TEXT NOT NULL,
    origin_id TEXT NOT NULL,
    peer TEXT NOT NULL,
    target_id TEXT NOT NULL,
    message_pk INTEGER NOT NULL,
    prior_state TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (account, origin_id)
) WITHOUT ROWID;
