-- Doors for other systems (issue 13): API keys for Open311 GeoReport v2 and the
-- ledger of signed status updates from the district grid office's own system.
--
-- api_keys: who may file complaints through POST /open311/v2/requests.json and
-- list requests. Only a SHA-256 of each key is stored (the key is shown once, by
-- `npm run staff -- apikey add`); a stolen database yields no usable key. Keys
-- are revoked, never deleted, so the record of who held access stays.
--
-- office_updates: one row per applied update of POST /api/office/updates,
-- written in the same D1 batch as the case action it applied, so an update is
-- applied at most once: a replay of its `updateId` finds this row and gets the
-- first answer back (`result`); the same id with another body is refused.

CREATE TABLE api_keys (
  id          TEXT PRIMARY KEY,                    -- random UUID, shown by `apikey list`
  name        TEXT NOT NULL UNIQUE
              CHECK (length(name) BETWEEN 2 AND 40 AND name NOT GLOB '*[^a-z0-9-]*'),
  key_hash    TEXT NOT NULL UNIQUE,                -- lower-case hex SHA-256 of the whole key
  created_at  TEXT NOT NULL,                       -- ISO 8601 UTC, as every time below
  created_by  TEXT NOT NULL,                       -- `cli:<os user>`
  revoked_at  TEXT
);

CREATE TRIGGER api_keys_no_delete BEFORE DELETE ON api_keys
BEGIN
  SELECT RAISE(ABORT, 'api_keys rows are never deleted; set revoked_at');
END;

CREATE TABLE office_updates (
  update_id    TEXT PRIMARY KEY,                   -- the sender's idempotency key (UUID, lower-case)
  body_hash    TEXT NOT NULL,                      -- SHA-256 of the signed body
  complaint_id TEXT NOT NULL REFERENCES cases (complaint_id),
  seq          INTEGER NOT NULL,                   -- the case_actions row it wrote
  received_at  TEXT NOT NULL,
  result       TEXT NOT NULL                       -- JSON answer given the first time
);

CREATE TRIGGER office_updates_no_update BEFORE UPDATE ON office_updates
BEGIN
  SELECT RAISE(ABORT, 'office_updates is append-only');
END;
