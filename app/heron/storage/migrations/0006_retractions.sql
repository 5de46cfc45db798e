-- v6
-- XEP-0424 retractions. A retracted message keeps its row (its place in the conversation and
-- its ids, so the archive's copy stays a duplicate) with the body emptied; the update trigger
-- takes the text out of the full-text index.
ALTER TABLE messages ADD COLUMN retracted INTEGER NOT NULL DEFAULT 0;

-- Every retraction believed, also one naming a message not stored yet: history paged
-- backwards from the archive brings the retraction before the message, which is then stored
-- as a tombstone (storage.repos.messages.add_many_on) instead of coming back. ``direction``
-- is who retracted: only a message of the same sender in the same conversation matches.
CREATE TABLE retractions (
    account TEXT NOT NULL,
    peer TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    target_id TEXT NOT NULL,
    received REAL NOT NULL,
    PRIMARY KEY (account, peer, direction, target_id)
) WITHOUT ROWID;
