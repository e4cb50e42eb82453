-- Roster workbooks uploaded in the staff console (issue 17: "Or upload the roster workbook").
-- Why: an upload is checked and shown as a diff first, and confirmed in a second request. The
-- confirmation must not trust the browser, so the files the workbook made are kept here, keyed
-- by a random token, for the member who uploaded them, until they expire; confirming checks
-- them again against the roster as built (`base`, refused if it changed) and turns them into a
-- proposal (roster_proposals, migration 0017). An upload with an error is never stored.

CREATE TABLE roster_uploads (
  token       TEXT PRIMARY KEY,   -- random UUID, carried by the confirmation form
  uploaded_by TEXT NOT NULL,      -- staff email; only they may confirm it
  uploaded_at TEXT NOT NULL,      -- ISO 8601 UTC
  expires_at  TEXT NOT NULL,      -- ISO 8601 UTC; confirming later is refused (upload again)
  file_name   TEXT NOT NULL,      -- as the browser named it, for the proposal's record
  base        TEXT NOT NULL,      -- sha256 of the roster as built the files were compared with
  -- JSON array of {"path", "content"}: the files whose data differ from that roster,
  -- in the canonical text of roster:import.
  files       TEXT NOT NULL,
  confirmed_at TEXT,              -- set when confirmed: a token confirms once
  proposal_id TEXT REFERENCES roster_proposals (id)  -- the proposal it became
);

CREATE INDEX roster_uploads_expiry ON roster_uploads (expires_at);
