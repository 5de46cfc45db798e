-- v4
-- A receipt (XEP-0184) names only a message id; its sender is checked against the message's
-- recipient as stored (policy.receipt_ok), so our outgoing messages are found by id alone.
CREATE INDEX messages_outgoing_id ON messages (account, message_id)
    WHERE direction = 'out' AND message_id IS NOT NULL;
