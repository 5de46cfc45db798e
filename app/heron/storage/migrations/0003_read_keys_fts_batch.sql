-- v3
-- A read marker is a paging key (ts, pk), not a bare row id: history fetched from the archive
-- later gets higher row ids but older timestamps, and must not count as unread.
ALTER TABLE read_markers ADD COLUMN last_read_ts REAL NOT NULL DEFAULT 0;
UPDATE read_markers SET last_read_ts = COALESCE(
    (SELECT ts FROM messages WHERE messages.pk = read_markers.last_read_pk), 0);

-- New rows reach the full-text index in one statement per batch, written by the one insert
-- path (storage.repos.messages.add_many_on). A per-row trigger made FTS5 flush its pending
-- terms for every row: storing 5,000 messages took ~450 ms instead of ~70 ms. Corrections and
-- deletions still follow by trigger.
DROP TRIGGER messages_fts_insert;

-- The outbox references messages: deleting a message must not scan the outbox.
CREATE INDEX outbox_message ON outbox (message_pk);

-- Unread counts: incoming messages after the read marker, counted from the index alone.
CREATE INDEX messages_incoming ON messages (account, peer, ts, pk) WHERE direction = 'in';
