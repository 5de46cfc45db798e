-- v7
-- XEP-0444 reactions, XEP-0461 replies and the earlier versions of corrected messages
-- (XEP-0308). Each table hangs off a message row and goes with it (ON DELETE CASCADE).

-- A reaction set per sender and message: a new <reactions/> replaces the sender's rows.
-- ``sender`` is a bare JID (ours for our own reactions); ``position`` keeps the sender's order.
CREATE TABLE reactions (
    message_pk INTEGER NOT NULL REFERENCES messages (pk) ON DELETE CASCADE,
    sender TEXT NOT NULL,
    emoji TEXT NOT NULL,
    position INTEGER NOT NULL,
    received REAL NOT NULL,
    PRIMARY KEY (message_pk, sender, emoji)
) WITHOUT ROWID;

-- The message a reply answers: the id it names (its message id or origin-id), looked up in
-- the same conversation when the reply is shown (the original may arrive later).
CREATE TABLE replies (
    message_pk INTEGER PRIMARY KEY REFERENCES messages (pk) ON DELETE CASCADE,
    target_id TEXT NOT NULL
);

-- The texts a corrected message had before: shown from ``since`` until ``replaced``.
CREATE TABLE message_versions (
    message_pk INTEGER NOT NULL REFERENCES messages (pk) ON DELETE CASCADE,
    since REAL NOT NULL,
    replaced REAL NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX message_versions_by_message ON message_versions (message_pk);

-- A message deleted for everyone (XEP-0424) keeps none of its earlier texts or reactions.
CREATE TRIGGER message_retracted_forget AFTER UPDATE OF retracted ON messages
WHEN new.retracted = 1 BEGIN
    DELETE FROM message_versions WHERE message_pk = new.pk;
    DELETE FROM reactions WHERE message_pk = new.pk;
END;
