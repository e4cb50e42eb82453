-- Corrections of the office's entries (issue 15, docs/statistics.md): both tables of 0015 are
-- append-only and already carry `supersedes`; a correction is a new row pointing at the row it
-- replaces. This adds why it was corrected (`reason`, required by the console for every
-- correction) and lets each row be superseded at most once, so the versions of an entry form one
-- chain whose last row is the one the assessment and the ledgers read.

ALTER TABLE accountability ADD COLUMN reason TEXT;
ALTER TABLE assessment_entries ADD COLUMN reason TEXT;

CREATE UNIQUE INDEX accountability_supersedes ON accountability (supersedes) WHERE supersedes IS NOT NULL;
CREATE UNIQUE INDEX assessment_entries_supersedes ON assessment_entries (supersedes) WHERE supersedes IS NOT NULL;
