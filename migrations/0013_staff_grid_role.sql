-- The `grid` staff role (issue 14): 二级分网格长, 一级分网格长 and village 网格监督员 who
-- record patrols on their phones. Why a rebuild: SQLite cannot alter a CHECK constraint, and
-- 0006's CHECKs allow neither the role nor a scope for it. The rows, the audit table and the
-- rule that staff rows are never deleted stay as they were.
-- A grid member's scope names the roster person (domain/grid-scope.ts): `sub:<sub-leader id>`
-- (二级分网格长, their villages), `leader:<district leader id>` (一级分网格长, their towns'
-- villages) or `village:<village id>` (a village's 网格监督员). The villages themselves are read
-- from the roster, so the roster stays their one source.

CREATE TABLE staff_0013 (
  email      TEXT PRIMARY KEY CHECK (email = lower(email) AND email LIKE '%_@_%'),
  name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
  role       TEXT NOT NULL CHECK (role IN ('office', 'town', 'department', 'viewer', 'grid')),
  -- A town id for `town`, a department id for `department`, a person key for `grid`, NULL otherwise.
  scope      TEXT CHECK ((role IN ('town', 'department', 'grid')) = (scope IS NOT NULL)),
  created_at TEXT NOT NULL,
  removed_at TEXT
);

INSERT INTO staff_0013 (email, name, role, scope, created_at, removed_at)
  SELECT email, name, role, scope, created_at, removed_at FROM staff;

-- DROP TABLE drops the table's triggers first, so staff_no_delete does not fire here.
DROP TABLE staff;
ALTER TABLE staff_0013 RENAME TO staff;

CREATE TRIGGER staff_no_delete BEFORE DELETE ON staff
BEGIN
  SELECT RAISE(ABORT, 'staff rows are never deleted; set removed_at');
END;
