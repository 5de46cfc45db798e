-- v5
-- Why an outgoing message bounced (a message error from the recipient's or our server): the
-- error condition and the server's text, kept so the reason survives a restart.
ALTER TABLE messages ADD COLUMN failure_condition TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN failure_text TEXT NOT NULL DEFAULT '';
