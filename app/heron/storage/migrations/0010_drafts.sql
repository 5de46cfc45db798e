-- v10
-- What the user typed and has not sent, per conversation: it is there again after switching
-- chats, closing Heron or a crash (saved a moment after typing stops).
CREATE TABLE drafts (
    account TEXT NOT NULL,
    peer TEXT NOT NULL,
    text TEXT NOT NULL,
    updated REAL NOT NULL,
    PRIMARY KEY (account, peer)
) WITHOUT ROWID;
