-- The patrol log (巡查记录, issue 14): every patrol a grid member records on their phone, with
-- the places checked (八查) and what was found (七看). Why: the plan's patrol frequencies
-- (二(二)1, 附件5 item 2) can only be shown from records, and a problem found on patrol must
-- enter a ledger — rectified on the spot, or as a case (source 'patrol') in the office's queue.
-- `idempotency_key` is the phone's key for one patrol: a patrol kept offline and sent twice is
-- stored once (UNIQUE; the second batch rolls back whole). A patrol, its findings and the cases
-- its findings open are written in one D1 batch. Both tables are append-only (triggers below).

CREATE TABLE patrols (
  id              TEXT PRIMARY KEY,              -- random UUID
  idempotency_key TEXT NOT NULL UNIQUE,          -- lower-case UUID made by the phone or the form
  payload_hash    TEXT NOT NULL,                 -- SHA-256 of the normalised submission (a reused key with other content is refused)
  -- Who patrolled, as domain/patrols.ts counts them: the roster id of a 分网格长 or district
  -- leader, or the staff email of a village 网格监督员.
  person          TEXT NOT NULL,
  staff_email     TEXT NOT NULL,
  staff_name      TEXT NOT NULL,
  town_id         TEXT NOT NULL,
  village_id      TEXT NOT NULL,
  patrol_date     TEXT NOT NULL CHECK (patrol_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'), -- Beijing date
  checked         TEXT NOT NULL DEFAULT '[]',    -- JSON array of 八查 place-type keys (domain/taxonomy.ts)
  note            TEXT,
  finding_count   INTEGER NOT NULL DEFAULT 0,
  recorded_at     TEXT,                          -- when the phone saved it (ISO 8601 UTC), if sent later
  created_at      TEXT NOT NULL                  -- when the server stored it (ISO 8601 UTC)
);

CREATE INDEX patrols_date ON patrols (patrol_date, town_id);
CREATE INDEX patrols_person ON patrols (person, patrol_date);

CREATE TABLE patrol_findings (
  patrol_id     TEXT NOT NULL REFERENCES patrols (id),
  seq           INTEGER NOT NULL,                -- 1, 2, 3 … within the patrol
  category      TEXT NOT NULL,                   -- 七看 problem key (domain/taxonomy.ts CATEGORIES)
  place_type    TEXT NOT NULL,                   -- 八查 place key
  address       TEXT,
  description   TEXT NOT NULL,
  outcome       TEXT NOT NULL CHECK (outcome IN ('rectified', 'case')),
  rectify_note  TEXT,                            -- 当场整改: what was done
  complaint_id  TEXT REFERENCES complaints (id), -- the case opened (outcome 'case')
  CHECK ((outcome = 'rectified') = (rectify_note IS NOT NULL)),
  CHECK ((outcome = 'case') = (complaint_id IS NOT NULL)),
  PRIMARY KEY (patrol_id, seq)
);

CREATE INDEX patrol_findings_complaint ON patrol_findings (complaint_id);

CREATE TRIGGER patrols_no_update BEFORE UPDATE ON patrols
BEGIN
  SELECT RAISE(ABORT, 'patrols is append-only');
END;
CREATE TRIGGER patrols_no_delete BEFORE DELETE ON patrols
BEGIN
  SELECT RAISE(ABORT, 'patrols is append-only');
END;
CREATE TRIGGER patrol_findings_no_update BEFORE UPDATE ON patrol_findings
BEGIN
  SELECT RAISE(ABORT, 'patrol_findings is append-only');
END;
CREATE TRIGGER patrol_findings_no_delete BEFORE DELETE ON patrol_findings
BEGIN
  SELECT RAISE(ABORT, 'patrol_findings is append-only');
END;
