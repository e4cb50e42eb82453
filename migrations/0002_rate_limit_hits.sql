-- Per-client log of accepted complaint submissions, for the rate limit.
-- Why: the limit (default 5 per 10 minutes) must hold when many requests from
-- one client arrive at once, so a single INSERT … SELECT … WHERE (count < max)
-- both decides and records a submission; D1 runs each statement atomically.
-- A row holds only a salted hash of the client address (never the address)
-- and is deleted once it is older than the window.

CREATE TABLE rate_limit_hits (
  id   TEXT PRIMARY KEY,     -- random; lets a submission give its slot back
  key  TEXT NOT NULL,        -- scope ':' salted hash of the client IP
  at   INTEGER NOT NULL      -- epoch milliseconds
);

CREATE INDEX rate_limit_hits_key_at ON rate_limit_hits (key, at);
CREATE INDEX rate_limit_hits_at ON rate_limit_hits (at);
