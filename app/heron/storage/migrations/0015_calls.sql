-- v15: the call log (XEP-0353 ringing and the calls that followed)
-- One row per call session id, whichever device or archive told us first. The call also has a
-- row in ``messages`` (``message_pk``) so that it sits in the chat's timeline among the messages,
-- pages with them and shows in the chat list; its body is a short plain summary for search.
-- outcome: missed, declined, answered, elsewhere (another of the user's devices took or
-- declined it), cancelled (we gave up calling), unanswered, rejected (the peer declined)
CREATE TABLE calls (
    account TEXT NOT NULL,
    sid TEXT NOT NULL,
    peer TEXT NOT NULL,
    outgoing INTEGER NOT NULL,
    video INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    started REAL NOT NULL,
    duration REAL NOT NULL DEFAULT 0,
    message_pk INTEGER NOT NULL,
    PRIMARY KEY (account, sid)
) WITHOUT ROWID;
CREATE INDEX calls_by_conversation ON calls (account, peer);
