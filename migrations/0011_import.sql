-- Imports of report history from organisations' own spreadsheets (issue #14).
--
-- 1. Report revisions may come from an import: the action 'import' is allowed and `source`
--    names the imported file. SQLite cannot change a CHECK constraint in place, so the table
--    is rebuilt: every row and every id kept. No table references report_revisions (it only
--    references reports), so dropping the old one breaks no foreign key.
CREATE TABLE report_revisions_new (
    id         TEXT PRIMARY KEY NOT NULL,
    report_id  TEXT NOT NULL REFERENCES reports(id),
    revision   INTEGER NOT NULL,
    -- The report's content fields as JSON (status, narratives, evidence, progress, tags).
    content    TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('create', 'update', 'restore', 'import')),
    -- For a restore: the revision restored.
    restored_from INTEGER,
    created_at TEXT NOT NULL,
    -- For an import: the imported file's name.
    source     TEXT,
    UNIQUE (report_id, revision)
) STRICT;

INSERT INTO report_revisions_new (id, report_id, revision, content, actor, action, restored_from, created_at)
SELECT id, report_id, revision, content, actor, action, restored_from, created_at FROM report_revisions;

DROP TABLE report_revisions;
ALTER TABLE report_revisions_new RENAME TO report_revisions;

-- 2. The audit log names the imported file of an 'import' entry (ADD COLUMN writes no row,
--    so the append-only triggers are untouched).
ALTER TABLE audit_log ADD COLUMN source TEXT;

-- 3. Column mappings saved by name (`ct import reports --save-mapping NAME`), per import kind.
CREATE TABLE import_mappings (
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kind        TEXT NOT NULL CHECK (kind IN ('Catalogue', 'Reports')),
    -- A ColumnMapping as JSON (fields, values, sheet, headerRow).
    mapping     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (kind, name)
) STRICT, WITHOUT ROWID;
