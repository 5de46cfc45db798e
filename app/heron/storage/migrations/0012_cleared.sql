-- v12
-- "Delete local history" of a conversation: the time of the newest message deleted. Anything
-- at or before it that comes again (an archive page after the archive bookmark was lost, or
-- scrolling back past the local history) is not stored, so deleted history stays deleted.
CREATE TABLE cleared (
    account TEXT NOT NULL,
    peer TEXT NOT NULL,
    before REAL NOT NULL,
    PRIMARY KEY (account, peer)
) WITHOUT ROWID;
