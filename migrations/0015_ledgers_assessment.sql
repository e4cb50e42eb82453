-- The office's own entries for the ledgers and the quarterly assessment (issue 15,
-- docs/statistics.md). Everything else in the six ledgers and the assessment is derived
-- from the case desk's tables (0007) and the roster; these are the facts only the district
-- grid office can state, entered in the staff console with who and when.
-- Both tables are append-only (triggers below): a correction is a new row that
-- supersedes (`supersedes`) the old one, so the record of what was decided stays whole.

-- 问责清单: who was held accountable, for what, on what basis, with what decision.
CREATE TABLE accountability (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  quarter      TEXT NOT NULL CHECK (quarter GLOB '[0-9][0-9][0-9][0-9]Q[1-4]'),
  unit         TEXT NOT NULL,                   -- 'town:<id>' or 'department:<id>'
  complaint_id TEXT REFERENCES complaints (id), -- the case it concerns, if any
  subject      TEXT NOT NULL,                   -- who (a post or a unit, as the decision names it)
  matter       TEXT NOT NULL,                   -- what
  basis        TEXT NOT NULL,                   -- the rule or finding it rests on
  decision     TEXT NOT NULL,                   -- 约谈, 通报批评, 移交纪工委 …
  decided_on   TEXT NOT NULL,                   -- YYYY-MM-DD
  supersedes   INTEGER REFERENCES accountability (id),
  entered_by   TEXT NOT NULL,                   -- staff email
  entered_at   TEXT NOT NULL                    -- ISO 8601 UTC
);

CREATE INDEX accountability_quarter ON accountability (quarter, unit);

CREATE TRIGGER accountability_no_update BEFORE UPDATE ON accountability
BEGIN
  SELECT RAISE(ABORT, 'accountability is append-only');
END;

CREATE TRIGGER accountability_no_delete BEFORE DELETE ON accountability
BEGIN
  SELECT RAISE(ABORT, 'accountability is append-only');
END;

-- The assessment's entries by the office: a major problem found (bonus, once approved by the
-- leading group), a one-off penalty at one of the plan's levels with its evidence, or a
-- 四(三) situation that fails the quarter outright.
CREATE TABLE assessment_entries (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  quarter     TEXT NOT NULL CHECK (quarter GLOB '[0-9][0-9][0-9][0-9]Q[1-4]'),
  unit        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('bonus', 'penalty', 'fail')),
  problem     TEXT NOT NULL,                    -- the problem, as one line (penalties: one key per problem)
  level       INTEGER CHECK (level IS NULL OR level IN (60, 30, 15, 10, 5)),
  evidence    TEXT NOT NULL,
  approved    INTEGER NOT NULL DEFAULT 0,       -- bonus: approved by the leading group
  supersedes  INTEGER REFERENCES assessment_entries (id),
  entered_by  TEXT NOT NULL,
  entered_at  TEXT NOT NULL,
  CHECK ((kind = 'penalty') = (level IS NOT NULL))
);

CREATE INDEX assessment_entries_quarter ON assessment_entries (quarter, unit);

CREATE TRIGGER assessment_entries_no_update BEFORE UPDATE ON assessment_entries
BEGIN
  SELECT RAISE(ABORT, 'assessment_entries is append-only');
END;

CREATE TRIGGER assessment_entries_no_delete BEFORE DELETE ON assessment_entries
BEGIN
  SELECT RAISE(ABORT, 'assessment_entries is append-only');
END;
