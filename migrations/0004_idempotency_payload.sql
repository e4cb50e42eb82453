-- The payload an idempotency key was first used with.
-- Why: a key alone used to answer with the stored complaint's tracking code,
-- so anyone who learned another client's key got that client's code, and a
-- different complaint sent under a used key was silently dropped. Intake now
-- stores a SHA-256 of the normalised submission beside the key; a retry is
-- answered only when its payload hashes the same, otherwise 422 and nothing
-- is stored (IETF draft-ietf-httpapi-idempotency-key-header).
-- Rows stored before this migration have no hash: a retry of one of those is
-- answered 422 too, which only costs a client that retries across the upgrade.

ALTER TABLE complaints ADD COLUMN idempotency_hash TEXT;
