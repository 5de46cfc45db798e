-- v16: OMEMO (XEP-0384, both eu.siacs.conversations.axolotl and urn:xmpp:omemo:2)
-- python-omemo keeps its state (own identity key, pre keys, sessions, device lists, trust) as
-- JSON values under path-like keys ("/devices/<jid>/list", "/<namespace>/...") and writes each
-- change at once; they live here, per account, and are written through the writer thread.
CREATE TABLE omemo_data (
    account TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (account, key)
) WITHOUT ROWID;
-- Encryption per chat: a row only where the user chose (0 off, 1 on); no row = the default
-- (on when the contact publishes OMEMO devices).
CREATE TABLE omemo_chats (
    account TEXT NOT NULL,
    peer TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    PRIMARY KEY (account, peer)
) WITHOUT ROWID;
-- How a stored message travelled: the OMEMO namespace ('' = plaintext), the sender's device
-- id, and the sender device's trust when it arrived (TRUSTED, BLINDLY_TRUSTED, ...).
CREATE TABLE omemo_messages (
    message_pk INTEGER PRIMARY KEY,
    namespace TEXT NOT NULL,
    device_id INTEGER NOT NULL,
    trust TEXT NOT NULL,
    FOREIGN KEY (message_pk) REFERENCES messages (pk) ON DELETE CASCADE
);
