-- When each roster change went live, recorded by the runtime (issue 17).
-- Why: the plan's 30-working-day clock runs to the day a change was published. That day is
-- no longer typed in (nor stamped by `npm run deploy`): the Worker version whose build contains
-- a change records it the first time it serves a request (functions/roster/publish/record.ts).
-- Both tables are written with INSERT OR IGNORE in one batch, so two isolates of a new version
-- serving their first requests at the same moment record each change once.

-- Every Worker version that has served, with the build it was made from.
CREATE TABLE roster_versions (
  version         TEXT PRIMARY KEY,   -- CF_VERSION_METADATA.id when deployed; the build id locally
  build_id        TEXT NOT NULL,      -- the id the build embedded (virtual:envgrid/build)
  first_served_at TEXT NOT NULL       -- ISO 8601 UTC
);

-- One row per change record of content/changes.yaml that has gone live.
CREATE TABLE roster_publications (
  change_id    TEXT PRIMARY KEY,      -- the change record's id, e.g. c-2026-006
  published_at TEXT NOT NULL,         -- Beijing date the version first served, YYYY-MM-DD
  version      TEXT NOT NULL REFERENCES roster_versions (version),
  recorded_at  TEXT NOT NULL          -- ISO 8601 UTC
);

CREATE TRIGGER roster_publications_no_update BEFORE UPDATE ON roster_publications
BEGIN
  SELECT RAISE(ABORT, 'roster_publications is append-only');
END;
CREATE TRIGGER roster_publications_no_delete BEFORE DELETE ON roster_publications
BEGIN
  SELECT RAISE(ABORT, 'roster_publications is append-only');
END;
