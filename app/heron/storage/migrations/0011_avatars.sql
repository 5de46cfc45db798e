-- v11
-- XEP-0084 / XEP-0153: which picture (by its SHA-1, the file's name in the profile's avatars
-- folder) each contact has, so the roster shows it at the next start without asking again.
CREATE TABLE avatars (
    account TEXT NOT NULL,
    jid TEXT NOT NULL,
    sha1 TEXT NOT NULL,
    PRIMARY KEY (account, jid)
) WITHOUT ROWID;
