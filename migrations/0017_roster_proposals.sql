-- Roster changes made in the staff console (issue 17).
-- Why: `content/` in the repository stays the one source of truth for the roster, but staff
-- must be able to change it without a terminal. A change is proposed here (by a town for its
-- town, or by the office), approved by the office (a second office member when the office
-- proposed it), then committed to the repository through the Git host's API by the Worker's
-- cron, built and deployed by the pipeline connected to the repository, and marked published
-- by the runtime when the Worker version that contains it first serves.
--
-- Who owns which columns: the console (proposal, decision) writes `state` up to 'approved';
-- the publisher (functions/roster/publish) moves it on from there. Times are ISO 8601 UTC.

CREATE TABLE roster_proposals (
  id              TEXT PRIMARY KEY,          -- random UUID
  town            TEXT,                      -- town id it concerns; NULL = district-wide (district, departments, routing)
  kind            TEXT NOT NULL,             -- which edit form made it: replace-person, add-supervisor, …, workbook
  summary         TEXT NOT NULL CHECK (length(trim(summary)) > 0),  -- one line, becomes the change record's summary
  effective       TEXT NOT NULL,             -- YYYY-MM-DD, the day the change takes effect
  -- JSON array of {"path": "villages/beiguan.yaml", "content": "<canonical YAML>",
  --                "base": "<sha256 hex of the file's text the edit started from>" | null (new file)}
  -- paths relative to content/; content in the canonical form of domain/roster/serialize.ts.
  files           TEXT NOT NULL,
  -- JSON of the drafted change record {"id","effective","scope":[…],"summary"} (no `published`):
  -- the publisher appends it to content/changes.yaml as it is at commit time.
  change_record   TEXT NOT NULL,
  state           TEXT NOT NULL CHECK (state IN (
                    'proposed',   -- waiting for the office
                    'returned',   -- sent back with a reason (final; a new proposal starts over)
                    'withdrawn',  -- taken back by its proposer
                    'approved',   -- queued for the publisher
                    'committed',  -- in the repository (commit_sha); waiting for the deploy
                    'conflict',   -- a file changed since the edit began; refused with an explanation
                    'failed',     -- the build or the Git host refused it for good (commit_error says why)
                    'published')),-- the Worker version containing it served (published_at, published_version)
  proposed_by     TEXT NOT NULL,             -- staff email
  proposed_at     TEXT NOT NULL,
  decided_by      TEXT,                      -- who approved or returned it
  decided_at      TEXT,
  decision_note   TEXT,                      -- the reason when returned
  commit_sha      TEXT,
  commit_attempts INTEGER NOT NULL DEFAULT 0,
  commit_error    TEXT,                      -- last error from the Git host or the build, shown in the console
  next_attempt_at TEXT,                      -- when the publisher retries after the Git host failed
  published_at    TEXT,                      -- day (Beijing) the change went live, YYYY-MM-DD
  published_version TEXT                     -- the Worker version id that first served it
);

CREATE INDEX roster_proposals_state ON roster_proposals (state, next_attempt_at);
CREATE INDEX roster_proposals_town ON roster_proposals (town, proposed_at);

-- Every step of every proposal: who did what, when. Append-only, like staff_audit.
CREATE TABLE roster_proposal_events (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  proposal_id TEXT NOT NULL REFERENCES roster_proposals (id),
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,   -- a staff email, or `system` for the publisher
  action      TEXT NOT NULL,   -- propose, approve, return, withdraw, commit, conflict, fail, retry, publish
  note        TEXT
);

CREATE INDEX roster_proposal_events_proposal ON roster_proposal_events (proposal_id, id);

CREATE TRIGGER roster_proposal_events_no_update BEFORE UPDATE ON roster_proposal_events
BEGIN
  SELECT RAISE(ABORT, 'roster_proposal_events is append-only');
END;
CREATE TRIGGER roster_proposal_events_no_delete BEFORE DELETE ON roster_proposal_events
BEGIN
  SELECT RAISE(ABORT, 'roster_proposal_events is append-only');
END;
