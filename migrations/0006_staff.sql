-- The staff directory: who may use /staff/* pages and /api/staff/* (issue 12).
-- Why: Cloudflare Access proves an email address; this table says whether that
-- address belongs to district staff, in which role and for which town or
-- department. It is never part of the public roster in content/.
-- Rows are never deleted: removal sets `removed_at`, so a case's history can
-- still name who acted. Every change of the directory is written, in the same
-- D1 batch, to the append-only `staff_audit` table (who changed what, when).

CREATE TABLE staff (
  email      TEXT PRIMARY KEY CHECK (email = lower(email) AND email LIKE '%_@_%'),
  name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
  role       TEXT NOT NULL CHECK (role IN ('office', 'town', 'department', 'viewer')),
  -- A town id for `town`, a department id for `department`, NULL otherwise.
  scope      TEXT CHECK ((role IN ('town', 'department')) = (scope IS NOT NULL)),
  created_at TEXT NOT NULL,   -- ISO 8601 UTC, as every time below
  removed_at TEXT             -- soft removal; NULL while the member may sign in
);

CREATE TABLE staff_audit (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  at         TEXT NOT NULL,
  actor      TEXT NOT NULL,   -- who made the change: a staff email, or `cli:<os user>` for npm run staff
  action     TEXT NOT NULL CHECK (action IN ('add', 'update', 'remove', 'restore')),
  email      TEXT NOT NULL,   -- the member changed
  detail     TEXT NOT NULL    -- JSON: the member's name, role and scope after the change
);

CREATE INDEX staff_audit_email ON staff_audit (email, at);

-- Append-only: the database itself refuses to rewrite or delete history.
CREATE TRIGGER staff_audit_no_update BEFORE UPDATE ON staff_audit
BEGIN
  SELECT RAISE(ABORT, 'staff_audit is append-only');
END;
CREATE TRIGGER staff_audit_no_delete BEFORE DELETE ON staff_audit
BEGIN
  SELECT RAISE(ABORT, 'staff_audit is append-only');
END;
CREATE TRIGGER staff_no_delete BEFORE DELETE ON staff
BEGIN
  SELECT RAISE(ABORT, 'staff rows are never deleted; set removed_at');
END;
