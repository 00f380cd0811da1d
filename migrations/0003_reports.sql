-- Yearly progress reports, their revisions and review history, the audit log, per-user
-- settings and autosaved drafts.

CREATE TABLE reports (
    id             TEXT PRIMARY KEY NOT NULL,
    commitment_id  TEXT NOT NULL REFERENCES commitments(id),
    year           INTEGER NOT NULL CHECK (year BETWEEN 2016 AND 2100),
    status         TEXT NOT NULL CHECK (status IN ('NotStarted', 'InProgress', 'SubstantialProgress',
                                                  'Completed', 'Discontinued', 'NoUpdate')),
    achievements   TEXT NOT NULL DEFAULT '',
    challenges     TEXT NOT NULL DEFAULT '',
    next_steps     TEXT NOT NULL DEFAULT '',
    -- JSON arrays: [{"title": "...", "url": "..."}] and ["tag", ...]
    evidence       TEXT NOT NULL DEFAULT '[]',
    tags           TEXT NOT NULL DEFAULT '[]',
    progress       INTEGER CHECK (progress BETWEEN 0 AND 100),
    review_state   TEXT NOT NULL DEFAULT 'Draft'
                   CHECK (review_state IN ('Draft', 'Submitted', 'Returned', 'Approved')),
    author         TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    updated_by     TEXT NOT NULL,
    -- The newest content revision (report_revisions.revision).
    revision       INTEGER NOT NULL DEFAULT 1,
    -- Bumped by every change (content or review): an update names the version it was based on.
    version        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (commitment_id, year)
) STRICT;

CREATE INDEX reports_by_year_state ON reports (year, review_state);

-- Every saved content of a report, kept forever; restoring one adds a new revision.
CREATE TABLE report_revisions (
    id         TEXT PRIMARY KEY NOT NULL,
    report_id  TEXT NOT NULL REFERENCES reports(id),
    revision   INTEGER NOT NULL,
    -- The report's content fields as JSON (status, narratives, evidence, progress, tags).
    content    TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('create', 'update', 'restore')),
    -- For a restore: the revision restored.
    restored_from INTEGER,
    created_at TEXT NOT NULL,
    UNIQUE (report_id, revision)
) STRICT;

-- Every review transition: who, when, from which state to which, and why.
CREATE TABLE review_events (
    id          TEXT PRIMARY KEY NOT NULL,
    report_id   TEXT NOT NULL REFERENCES reports(id),
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    actor       TEXT NOT NULL,
    role        TEXT NOT NULL,
    comment     TEXT,
    created_at  TEXT NOT NULL
) STRICT;

CREATE INDEX review_events_by_report ON review_events (report_id, created_at);

-- Append-only record of every change to commitments and reports.
CREATE TABLE audit_log (
    id             TEXT PRIMARY KEY NOT NULL,
    at             TEXT NOT NULL,
    actor          TEXT NOT NULL,
    entity_type    TEXT NOT NULL CHECK (entity_type IN ('commitment', 'report')),
    entity_id      TEXT NOT NULL,
    -- The commitment concerned (itself, or the report's), to show one commitment's trail.
    commitment_id  TEXT NOT NULL,
    action         TEXT NOT NULL,
    before         TEXT,
    after          TEXT
) STRICT;

CREATE INDEX audit_by_commitment ON audit_log (commitment_id, at);
CREATE INDEX audit_by_entity ON audit_log (entity_id, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- Settings that belong to one person of this database (keyed by their operating-system
-- account until real accounts come with the team server), e.g. their name and role.
CREATE TABLE user_settings (
    account  TEXT NOT NULL,
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (account, key)
) STRICT, WITHOUT ROWID;

-- Text typed into a report editor but not saved yet, kept so that a crash loses nothing.
CREATE TABLE autosaves (
    account        TEXT NOT NULL,
    commitment_id  TEXT NOT NULL REFERENCES commitments(id),
    year           INTEGER NOT NULL,
    report_id      TEXT,
    base_version   INTEGER,
    content        TEXT NOT NULL,
    saved_at       TEXT NOT NULL,
    PRIMARY KEY (account, commitment_id, year)
) STRICT, WITHOUT ROWID;
