-- Reminders and escalation (issue 13, docs/digests.md): the working-day to-do
-- digests (08:30 Beijing) to each assignee body, the 16:30 overdue digest to
-- the district grid office, and the 催办/督办 marks on overdue cases.
-- Why these tables: a digest must reach its body at least once and never
-- twice in one day, through the cron's at-least-once, sometimes overlapping
-- runs. `digest_runs` has one row per (kind, day): a run inserts it in the
-- same D1 batch as its digests, deliveries and 催办 ledger rows, so of two
-- overlapping runs exactly one commits and the other rolls back whole.
-- `digests` keeps which cases each digest lists (ids and why, no citizen
-- text: the message is rebuilt from the complaints at each attempt, as the
-- complaint outbox does); UNIQUE (kind, day, body) is the per-body-per-day key.
-- `digest_deliveries`/`digest_attempts` mirror the complaint outbox (0003)
-- so the same delivery engine (functions/forwarding/deliver.ts) claims,
-- retries and records them.

CREATE TABLE digest_runs (
  kind       TEXT NOT NULL CHECK (kind IN ('todo', 'overdue')),
  day        TEXT NOT NULL,                        -- Beijing date YYYY-MM-DD
  created_at TEXT NOT NULL,                        -- ISO 8601 UTC, as every time below
  digests    INTEGER NOT NULL,                     -- how many digests the run queued
  urged      INTEGER NOT NULL DEFAULT 0,           -- 催办 steps it recorded
  PRIMARY KEY (kind, day)
);

CREATE TABLE digests (
  id         TEXT PRIMARY KEY,                     -- '<kind>:<day>:<body>'
  kind       TEXT NOT NULL CHECK (kind IN ('todo', 'overdue')),
  day        TEXT NOT NULL,
  body       TEXT NOT NULL,                        -- 'office', 'town:<id>' or 'department:<id>'
  created_at TEXT NOT NULL,
  items      TEXT NOT NULL,                        -- JSON [{complaintId, section}] in display order
  UNIQUE (kind, day, body)
);

CREATE TABLE digest_deliveries (
  id               TEXT PRIMARY KEY,
  digest_id        TEXT NOT NULL REFERENCES digests (id),
  channel          TEXT NOT NULL,                  -- webhook | wecom | dingtalk | email
  idempotency_key  TEXT NOT NULL UNIQUE,
  status           TEXT NOT NULL DEFAULT 'pending',
  attempts         INTEGER NOT NULL DEFAULT 0,
  created_at       TEXT NOT NULL,
  first_attempt_at TEXT,
  last_attempt_at  TEXT,
  next_attempt_at  TEXT NOT NULL,
  lease_until      TEXT,
  lease_token      TEXT,
  last_error       TEXT,
  delivered_at     TEXT,
  dead_at          TEXT,
  dead_reason      TEXT,
  requeued_at      TEXT,
  UNIQUE (digest_id, channel)
);

CREATE INDEX digest_deliveries_due ON digest_deliveries (status, next_attempt_at);

CREATE TABLE digest_attempts (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  delivery_id  TEXT NOT NULL REFERENCES digest_deliveries (id),
  digest_id    TEXT NOT NULL,
  channel      TEXT NOT NULL,
  at           TEXT NOT NULL,
  outcome      TEXT NOT NULL,
  http_status  INTEGER,
  error        TEXT,
  duration_ms  INTEGER NOT NULL
);

CREATE INDEX digest_attempts_delivery ON digest_attempts (delivery_id, id);

-- 催办 and 督办 on a case: how many 催办 the overdue runs recorded, and when
-- the second one escalated it to 督办 (shown in lists until the case ends).
-- The steps themselves are rows of the case_actions ledger (actions 'urge'
-- and 'supervise', actor 'system').
ALTER TABLE cases ADD COLUMN urge_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN supervised_at TEXT;
