-- Photos attached to complaints, patrols and case actions (docs/photos.md).
-- Why: a photo is how a citizen or a grid supervisor shows a problem. The
-- bytes live in R2 (binding PHOTOS), metadata already stripped; this table is
-- the ledger that says which owner a photo belongs to and where it is.
-- `r2_key` is random (never derived from the content, the owner or the id),
-- so the bucket cannot be walked by guessing; staff reach a photo only by a
-- signed, expiring link that names `id`. `sha256` is of the stored (stripped)
-- bytes. A row is written only after its object is in R2 (a row never points
-- at nothing); an object without a row (an interrupted upload) is deleted by
-- the hourly orphan cleanup. Rows are append-only: only `public` (set by the
-- district office for the status page) may change; the triggers refuse any
-- other update and every delete (a future retention rule that removes photo
-- bytes is to mark the row, not delete it, so the ledger stays whole). `owner_id` has no foreign key because it names a row of one
-- of three tables, chosen by `owner_kind`.

CREATE TABLE photos (
  id           TEXT PRIMARY KEY,                  -- random UUID; appears in signed links
  owner_kind   TEXT NOT NULL CHECK (owner_kind IN ('complaint', 'patrol', 'case_action')),
  owner_id     TEXT NOT NULL,                     -- complaints.id, or a patrol / case action id
  r2_key       TEXT NOT NULL UNIQUE,              -- object key in the PHOTOS bucket
  content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  size         INTEGER NOT NULL CHECK (size > 0 AND size <= 10485760),
  sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
  public       INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1)),
  created_at   TEXT NOT NULL                      -- ISO 8601 UTC
);

CREATE INDEX photos_owner ON photos (owner_kind, owner_id, created_at);

CREATE TRIGGER photos_append_only
BEFORE UPDATE OF id, owner_kind, owner_id, r2_key, content_type, size, sha256, created_at ON photos
BEGIN
  SELECT RAISE(ABORT, 'photos rows are append-only; only public may change');
END;

CREATE TRIGGER photos_no_delete
BEFORE DELETE ON photos
BEGIN
  SELECT RAISE(ABORT, 'photos rows are append-only');
END;
