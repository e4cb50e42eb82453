-- The forwarding outbox: one delivery per complaint per channel (office
-- webhook, WeCom robot, DingTalk robot, email), and a log of every attempt.
-- Why: the district grid office must see every complaint the day it arrives.
-- Queueing the deliveries in the same D1 batch as the complaint means a
-- stored complaint can never lack them; the rows then survive the office's
-- system being down and the Worker restarting, and the cron retries them.
-- `idempotency_key` is fixed when the row is queued and sent on every attempt,
-- so a receiver that sees a repeat (after a crash mid-send) can drop it.
-- `lease_until`/`lease_token` let exactly one runner (the request's waitUntil
-- or a cron run) own a delivery at a time. Dead deliveries stay until an
-- operator re-queues them (`npm run deliveries -- --retry <id>`).

CREATE TABLE deliveries (
  id               TEXT PRIMARY KEY,                 -- random UUID; the operator's handle
  complaint_id     TEXT NOT NULL REFERENCES complaints (id),
  channel          TEXT NOT NULL,                    -- webhook | wecom | dingtalk | email
  idempotency_key  TEXT NOT NULL UNIQUE,             -- random UUID, same on every attempt
  status           TEXT NOT NULL DEFAULT 'pending',  -- pending | delivered | dead
  attempts         INTEGER NOT NULL DEFAULT 0,
  created_at       TEXT NOT NULL,                    -- ISO 8601 UTC, as every time below
  first_attempt_at TEXT,                             -- start of the 24-hour retry window
  last_attempt_at  TEXT,
  next_attempt_at  TEXT NOT NULL,                    -- due from this time on (while pending)
  lease_until      TEXT,                             -- owned by a runner until then
  lease_token      TEXT,                             -- which runner owns it
  last_error       TEXT,
  delivered_at     TEXT,
  dead_at          TEXT,
  dead_reason      TEXT,
  requeued_at      TEXT,                             -- last time an operator re-queued it
  UNIQUE (complaint_id, channel)
);

CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);

CREATE TABLE delivery_attempts (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  delivery_id  TEXT NOT NULL REFERENCES deliveries (id),
  complaint_id TEXT NOT NULL,
  channel      TEXT NOT NULL,
  at           TEXT NOT NULL,                        -- when the attempt started
  outcome      TEXT NOT NULL,                        -- delivered | retry | dead
  http_status  INTEGER,                              -- the receiver's status, if it answered
  error        TEXT,                                 -- why it failed (never the message itself)
  duration_ms  INTEGER NOT NULL
);

CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_id, id);
