-- Group rooms (XEP-0045). A room is a conversation kind, not a second store: its messages
-- live in `messages` with peer = the room's bare JID; what makes (account, peer) a room is
-- its row in `rooms`. The sender's nick is `sender_resource` (the occupant JID's resource).
ALTER TABLE messages ADD COLUMN occupant_id TEXT NOT NULL DEFAULT '';  -- XEP-0421, when offered
ALTER TABLE messages ADD COLUMN sender_jid TEXT NOT NULL DEFAULT '';  -- real JID, when the room shows it

CREATE TABLE rooms (
    account TEXT NOT NULL,
    room TEXT NOT NULL,            -- bare JID
    nick TEXT NOT NULL DEFAULT '', -- our nickname there, remembered for the next join
    name TEXT NOT NULL DEFAULT '', -- the room's name (disco#info), "" when it has none
    subject TEXT NOT NULL DEFAULT '',
    joined INTEGER NOT NULL DEFAULT 0,  -- in the room now (autojoin is the bookmarks' business)
    PRIMARY KEY (account, room)
);
