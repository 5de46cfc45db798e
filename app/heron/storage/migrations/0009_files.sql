-- v9
-- Files (XEP-0363 uploads, XEP-0066 downloads): one row per message whose file was sent or
-- saved (or tried). A received file nobody saved has no row: its message says all there is.
-- ``local_path``: the file uploaded (out) or the saved copy (in). A transfer that was under
-- way when Heron stopped reads as failed at the next start (storage.repos.files).
CREATE TABLE files (
    message_pk INTEGER PRIMARY KEY REFERENCES messages (pk) ON DELETE CASCADE,
    account TEXT NOT NULL,
    peer TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    url TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    size INTEGER,
    mime TEXT NOT NULL DEFAULT '',
    local_path TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX files_conversation ON files (account, peer);
