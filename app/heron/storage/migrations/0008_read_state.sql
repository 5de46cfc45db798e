-- v8: read state (XEP-0333 chat markers, XEP-0490 displayed synchronization)

-- Whether an incoming message asked for chat markers: only such a message is answered with
-- <displayed/> (a contact whose client asks for none is told nothing).
ALTER TABLE messages ADD COLUMN markable INTEGER NOT NULL DEFAULT 0;
CREATE INDEX messages_markable ON messages (account, peer, ts, pk)
    WHERE direction = 'in' AND markable = 1;

-- Our messages the contact has not been seen to read: a <displayed/> for one of them turns it
-- and every earlier one READ with one range scan over these rows only.
CREATE INDEX messages_unseen_outgoing ON messages (account, peer, ts, pk)
    WHERE direction = 'out' AND state IN ('sent', 'delivered');

-- Per conversation: the newest message we sent <displayed/> for (a marker only moves
-- forward and is sent once), and the archive id last synchronized through XEP-0490.
CREATE TABLE read_sync (
    account TEXT NOT NULL,
    peer TEXT NOT NULL,
    marker_ts REAL NOT NULL DEFAULT 0,
    marker_pk INTEGER NOT NULL DEFAULT 0,
    synced_stanza_id TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (account, peer)
) WITHOUT ROWID;
