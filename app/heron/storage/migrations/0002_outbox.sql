-- v2: the persistent outbox (messages our server has not acknowledged yet).
CREATE TABLE outbox (
    pk INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    peer TEXT NOT NULL,
    origin_id TEXT NOT NULL,
    message_pk INTEGER REFERENCES messages (pk) ON DELETE CASCADE,
    body TEXT NOT NULL,
    created REAL NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    UNIQUE (account, origin_id)
);
CREATE TABLE roster_meta (
    account TEXT PRIMARY KEY,
    version TEXT NOT NULL DEFAULT ''
);
