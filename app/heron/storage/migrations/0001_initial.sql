-- Heron schema v1: messages (+ FTS5), roster cache, MAM sync ranges.
CREATE TABLE messages (
    pk INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    peer TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    body TEXT NOT NULL,
    ts REAL NOT NULL,
    origin_id TEXT,
    stanza_id TEXT,
    message_id TEXT,
    sender_resource TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    corrected INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX messages_by_conversation ON messages (account, peer, ts, pk);
-- XEP-0359 deduplication: the archive's id, or the sender's origin-id per direction.
CREATE UNIQUE INDEX messages_stanza_id ON messages (account, peer, stanza_id)
    WHERE stanza_id IS NOT NULL;
CREATE UNIQUE INDEX messages_origin_id ON messages (account, peer, direction, origin_id)
    WHERE origin_id IS NOT NULL;
CREATE INDEX messages_message_id ON messages (account, peer, message_id)
    WHERE message_id IS NOT NULL;

CREATE VIRTUAL TABLE messages_fts USING fts5 (
    body, content = 'messages', content_rowid = 'pk', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, body) VALUES (new.pk, new.body);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.pk, old.body);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.pk, old.body);
    INSERT INTO messages_fts (rowid, body) VALUES (new.pk, new.body);
END;

CREATE TABLE roster (
    account TEXT NOT NULL,
    jid TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    groups TEXT NOT NULL DEFAULT '[]',
    subscription TEXT NOT NULL DEFAULT 'none',
    ask INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (account, jid)
);

CREATE TABLE mam_ranges (
    account TEXT NOT NULL,
    archive TEXT NOT NULL,
    peer TEXT NOT NULL DEFAULT '',
    oldest_id TEXT NOT NULL DEFAULT '',
    oldest_ts REAL NOT NULL DEFAULT 0,
    newest_id TEXT NOT NULL DEFAULT '',
    newest_ts REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (account, archive, peer)
);

CREATE TABLE read_markers (
    account TEXT NOT NULL,
    peer TEXT NOT NULL,
    last_read_pk INTEGER NOT NULL,
    PRIMARY KEY (account, peer)
);
