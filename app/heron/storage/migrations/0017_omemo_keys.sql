-- v17: OMEMO identity keys that changed (issue 11: "a key change ... is refused or flagged")
-- A device keeps its identity key for life: a bundle or a key exchange naming another key for
-- a known device id is refused, and kept here so the chat and the device view can say so
-- until the user accepts the new key (or the device returns to the old one).
CREATE TABLE omemo_key_changes (
    account TEXT NOT NULL,
    owner TEXT NOT NULL,
    device_id INTEGER NOT NULL,
    old_key BLOB NOT NULL,
    new_key BLOB NOT NULL,
    seen REAL NOT NULL,
    PRIMARY KEY (account, owner, device_id)
) WITHOUT ROWID;
