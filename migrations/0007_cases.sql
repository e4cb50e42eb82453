-- The case desk: every complaint is a case, taken from 交办 to 销号 by the
-- district grid office, the towns and the departments (docs/case-desk.md).
-- Why two tables: `case_actions` is the ledger — one row per staff action,
-- with who (email, name, role, scope) and when, never updated or deleted
-- (triggers below refuse it). `cases` is the current position derived from
-- that ledger (state, handlers, deadlines), kept so queues and clocks are one
-- indexed read. `version` counts the actions taken: an action is written as
-- seq = version + 1 under UNIQUE (complaint_id, seq), so of two staff acting
-- on the same case at once exactly one wins and the other's batch rolls back.
-- Public steps go to complaint_events (0001), which the citizen's timeline reads.

CREATE TABLE cases (
  complaint_id   TEXT PRIMARY KEY REFERENCES complaints (id),
  source         TEXT NOT NULL DEFAULT 'citizen'
                 CHECK (source IN ('citizen', 'patrol', 'hotline', 'superior', 'media', 'other')),
  state          TEXT NOT NULL DEFAULT 'new'
                 CHECK (state IN ('new', 'returned', 'assigned', 'accepted', 'feedback', 'closed', 'rejected', 'merged')),
  version        INTEGER NOT NULL DEFAULT 0,
  lead           TEXT,                            -- 'town:<id>' or 'department:<id>' while assigned
  co_handlers    TEXT NOT NULL DEFAULT '[]',      -- JSON array of units
  share_contact  INTEGER NOT NULL DEFAULT 0,      -- the office shares the complainant's contact with handlers
  rectify_by     TEXT,                            -- YYYY-MM-DD, set at assignment
  joint_date     TEXT,                            -- YYYY-MM-DD, joint enforcement of a multi-unit case
  assigned_at    TEXT,                            -- ISO 8601 UTC, as every time below
  returned_at    TEXT,
  last_report_at TEXT,                            -- latest progress report or feedback since assignment
  merged_into    TEXT REFERENCES complaints (id),
  merged_at      TEXT,
  closed_at      TEXT,
  updated_at     TEXT NOT NULL
);

CREATE INDEX cases_state ON cases (state, updated_at);
CREATE INDEX cases_lead ON cases (lead);
CREATE INDEX cases_merged_into ON cases (merged_into);

-- Every complaint is a case from the moment it is stored, whoever stores it.
-- A case the office opens itself carries its source in complaints.channel.
CREATE TRIGGER complaints_open_case AFTER INSERT ON complaints
BEGIN
  INSERT INTO cases (complaint_id, source, updated_at)
  VALUES (
    NEW.id,
    CASE WHEN NEW.channel IN ('patrol', 'hotline', 'superior', 'media', 'other') THEN NEW.channel ELSE 'citizen' END,
    NEW.received_at
  );
END;

INSERT INTO cases (complaint_id, source, updated_at) SELECT id, 'citizen', received_at FROM complaints;

CREATE TABLE case_actions (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  complaint_id  TEXT NOT NULL REFERENCES cases (complaint_id),
  seq           INTEGER NOT NULL,                 -- 1, 2, 3 … per case
  action        TEXT NOT NULL,                    -- open | assign | accept | return | progress | feedback | verify | reject | merge
  at            TEXT NOT NULL,
  actor_email   TEXT NOT NULL,
  actor_name    TEXT NOT NULL,
  actor_role    TEXT NOT NULL,
  actor_scope   TEXT,
  from_state    TEXT NOT NULL,
  to_state      TEXT NOT NULL,
  internal_note TEXT,                             -- staff only
  public_note   TEXT,                             -- also written to complaint_events
  details       TEXT NOT NULL DEFAULT '{}',       -- JSON: the action's other fields
  UNIQUE (complaint_id, seq)
);

CREATE INDEX case_actions_at ON case_actions (at);

CREATE TRIGGER case_actions_no_update BEFORE UPDATE ON case_actions
BEGIN
  SELECT RAISE(ABORT, 'case_actions is append-only');
END;

CREATE TRIGGER case_actions_no_delete BEFORE DELETE ON case_actions
BEGIN
  SELECT RAISE(ABORT, 'case_actions is append-only');
END;
