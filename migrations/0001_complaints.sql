-- Citizen complaints and their append-only event log.
-- Why: a complaint must be durable before the citizen sees a tracking code, and
-- every step of its handling (received, forwarded, assigned, feedback,
-- rectified, verified, closed) is one row, never an update in place, so the
-- public timeline and the office's ledgers can always be reconstructed.
-- Private fields (contact_name, contact_phone, address, description, ip_hash)
-- are never selected by public queries.

CREATE TABLE complaints (
  id              TEXT PRIMARY KEY,            -- internal id (random)
  tracking_code   TEXT NOT NULL UNIQUE,        -- public code, stored upper-case
  idempotency_key TEXT UNIQUE,                 -- client-supplied UUID, lower-case
  category        TEXT NOT NULL,
  place_type      TEXT NOT NULL,
  town_id         TEXT NOT NULL,
  village_id      TEXT,
  address         TEXT,
  description     TEXT NOT NULL,
  observed_at     TEXT,                        -- ISO 8601, when the citizen saw it
  anonymous       INTEGER NOT NULL DEFAULT 0,
  contact_name    TEXT,
  contact_phone   TEXT,
  routing         TEXT NOT NULL,               -- JSON snapshot: grid and suggested departments
  status          TEXT NOT NULL DEFAULT 'received',
  received_at     TEXT NOT NULL,               -- ISO 8601 UTC
  ip_hash         TEXT,                        -- salted SHA-256 of the client IP, for rate limiting only
  channel         TEXT NOT NULL DEFAULT 'web'  -- web form, api, ...
);

CREATE INDEX complaints_received_at ON complaints (received_at);
CREATE INDEX complaints_town ON complaints (town_id, received_at);

CREATE TABLE complaint_events (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  complaint_id TEXT NOT NULL REFERENCES complaints (id),
  at           TEXT NOT NULL,                  -- ISO 8601 UTC
  status       TEXT NOT NULL,                  -- received | forwarded | assigned | feedback | rectified | verified | closed
  note         TEXT,                           -- public note (never private data)
  actor        TEXT                            -- who recorded it (system, office, department id)
);

CREATE INDEX complaint_events_complaint ON complaint_events (complaint_id, id);
