-- The catalogue: organisations, the Agenda for Humanity's reference frame (5 core
-- responsibilities, 24 transformations) and each organisation's commitments.
-- Every row has a UUID v7 primary key (TEXT); public identifiers are separate columns.
-- Timestamps are UTC RFC 3339 text with milliseconds ("2026-11-27T23:30:00.000Z"), which sorts.

CREATE TABLE organisations (
    id          TEXT PRIMARY KEY NOT NULL,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE core_responsibilities (
    id               TEXT PRIMARY KEY NOT NULL,
    number           INTEGER NOT NULL UNIQUE CHECK (number BETWEEN 1 AND 5),
    name             TEXT NOT NULL,
    -- The core commitments of the Agenda for Humanity under this responsibility, kept as
    -- reference text (Markdown) that users read next to it.
    core_commitments TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE transformations (
    id                     TEXT PRIMARY KEY NOT NULL,
    code                   TEXT NOT NULL UNIQUE,
    core_responsibility_id TEXT NOT NULL REFERENCES core_responsibilities(id),
    name                   TEXT NOT NULL,
    position               INTEGER NOT NULL
) STRICT;

CREATE TABLE commitments (
    id              TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    -- The public Commitment ID (e.g. "200005"), unique within an organisation.
    public_id       TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('Operational', 'Policy', 'Advocacy', 'Financial')),
    description     TEXT NOT NULL,
    retired_at      TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    -- Optimistic concurrency: every update names the version it was based on.
    version         INTEGER NOT NULL DEFAULT 1,
    UNIQUE (organisation_id, public_id)
) STRICT;

CREATE TABLE commitment_core_responsibilities (
    commitment_id          TEXT NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    core_responsibility_id TEXT NOT NULL REFERENCES core_responsibilities(id),
    PRIMARY KEY (commitment_id, core_responsibility_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE commitment_transformations (
    commitment_id     TEXT NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    transformation_id TEXT NOT NULL REFERENCES transformations(id),
    -- 1 when the link was reconstructed (the source had no heading) and awaits a person's
    -- confirmation; 0 when stated by the source or confirmed by a user.
    inferred          INTEGER NOT NULL DEFAULT 0 CHECK (inferred IN (0, 1)),
    PRIMARY KEY (commitment_id, transformation_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX commitment_cr_by_cr ON commitment_core_responsibilities (core_responsibility_id, commitment_id);
CREATE INDEX commitment_tr_by_tr ON commitment_transformations (transformation_id, commitment_id);
CREATE INDEX commitments_by_kind ON commitments (kind);
