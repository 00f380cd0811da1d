-- As SQLite's 0014_sync.sql (the feed, the server's record of applied changes, a client's
-- link and pending edits: a PostgreSQL database is never a client, but both schemas stay equal).


CREATE TABLE sync_rows (
    tbl      text NOT NULL,
    k1       text NOT NULL,
    k2       text NOT NULL DEFAULT '',
    seq      bigint NOT NULL,
    deleted  integer NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    PRIMARY KEY (tbl, k1, k2)
);

CREATE UNIQUE INDEX sync_rows_by_seq ON sync_rows (seq);
CREATE INDEX sync_rows_by_table ON sync_rows (tbl, seq);

CREATE SEQUENCE sync_seq;

-- TG_ARGV: the key columns. Writers hold the store's write lock until they commit, so
-- positions become visible in order.
CREATE FUNCTION sync_row_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    o jsonb;
    n jsonb;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        o := to_jsonb(OLD);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        n := to_jsonb(NEW);
    END IF;
    IF o IS NOT NULL AND (n IS NULL OR (o ->> TG_ARGV[0]) IS DISTINCT FROM (n ->> TG_ARGV[0])
                          OR (TG_NARGS > 1 AND (o ->> TG_ARGV[1]) IS DISTINCT FROM (n ->> TG_ARGV[1]))) THEN
        INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
        VALUES (TG_TABLE_NAME, o ->> TG_ARGV[0], CASE WHEN TG_NARGS > 1 THEN o ->> TG_ARGV[1] ELSE '' END,
                nextval('sync_seq'), 1)
        ON CONFLICT (tbl, k1, k2) DO UPDATE SET seq = excluded.seq, deleted = 1;
    END IF;
    IF n IS NOT NULL THEN
        INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
        VALUES (TG_TABLE_NAME, n ->> TG_ARGV[0], CASE WHEN TG_NARGS > 1 THEN n ->> TG_ARGV[1] ELSE '' END,
                nextval('sync_seq'), 0)
        ON CONFLICT (tbl, k1, k2) DO UPDATE SET seq = excluded.seq, deleted = 0;
    END IF;
    RETURN NULL;
END;
$$;


CREATE TRIGGER sync_organisations AFTER INSERT OR UPDATE OR DELETE ON organisations
    FOR EACH ROW EXECUTE FUNCTION sync_row_changed('id');

CREATE TRIGGER sync_frameworks AFTER INSERT OR UPDATE OR DELETE ON frameworks
    FOR EACH ROW EXECUTE FUNCTION sync_row_changed('id');

CREATE TRIGGER sync_framework_levels AFTER INSERT OR UPDATE OR DELETE ON framework_levels
    FOR EACH ROW EXECUTE FUNCTION sync_row_changed('framework_id', 'depth');

CREATE TRIGGER sync_framework_types AFTER INSERT OR UPDATE OR DELETE ON framework_types
    FOR EACH ROW EXECUTE FUNCTION sync_row_changed('framework_id', 'name');

CREATE TRIGGER sync_categories AFTER INSERT OR UPDATE OR DELETE ON categories
    FOR EACH ROW EXECUTE FUNCTION sync_row_changed('id');

CREATE TRIGGER sync_commitments AFTER INSERT OR UPDATE OR DELETE ON commitments
    FOR EACH ROW EXECUTE FUNCTION sync_row_changed('id');

CREATE TRIGGER sync_commitment_categories AFTER INSERT OR UPDATE OR DELETE ON commitment_categories
    FOR EACH ROW EXECUTE FUNCTION sync_row_changed('commitment_id', 'category_id');

CREATE TRIGGER sync_users AFTER INSERT OR UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION sync_row_changed('id');

CREATE TRIGGER sync_assignments AFTER INSERT OR UPDATE OR DELETE ON assignments
    FOR EACH ROW EXECUTE FUNCTION sync_row_changed('commitment_id', 'user_id');

CREATE TRIGGER sync_reporting_cycles AFTER INSERT OR UPDATE OR DELETE ON reporting_cycles
    FOR EACH ROW EXECUTE FUNCTION sync_row_changed('year');

CREATE TRIGGER sync_reports AFTER INSERT OR UPDATE OR DELETE ON reports
    FOR EACH ROW EXECUTE FUNCTION sync_row_changed('id');

CREATE TRIGGER sync_report_revisions AFTER INSERT OR UPDATE OR DELETE ON report_revisions
    FOR EACH ROW EXECUTE FUNCTION sync_row_changed('id');

CREATE TRIGGER sync_review_events AFTER INSERT OR UPDATE OR DELETE ON review_events
    FOR EACH ROW EXECUTE FUNCTION sync_row_changed('id');

CREATE TRIGGER sync_audit_log AFTER INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION sync_row_changed('id');


-- The rows that exist already, parents first.

INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    SELECT 'organisations', id::text, '', nextval('sync_seq'), 0
      FROM (SELECT * FROM organisations ORDER BY id) AS r;

INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    SELECT 'frameworks', id::text, '', nextval('sync_seq'), 0
      FROM (SELECT * FROM frameworks ORDER BY id) AS r;

INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    SELECT 'framework_levels', framework_id::text, depth::text, nextval('sync_seq'), 0
      FROM (SELECT * FROM framework_levels ORDER BY framework_id, depth) AS r;

INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    SELECT 'framework_types', framework_id::text, name::text, nextval('sync_seq'), 0
      FROM (SELECT * FROM framework_types ORDER BY framework_id, name) AS r;

INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    SELECT 'categories', id::text, '', nextval('sync_seq'), 0
      FROM (SELECT * FROM categories ORDER BY id) AS r;

INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    SELECT 'commitments', id::text, '', nextval('sync_seq'), 0
      FROM (SELECT * FROM commitments ORDER BY id) AS r;

INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    SELECT 'commitment_categories', commitment_id::text, category_id::text, nextval('sync_seq'), 0
      FROM (SELECT * FROM commitment_categories ORDER BY commitment_id, category_id) AS r;

INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    SELECT 'users', id::text, '', nextval('sync_seq'), 0
      FROM (SELECT * FROM users ORDER BY id) AS r;

INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    SELECT 'assignments', commitment_id::text, user_id::text, nextval('sync_seq'), 0
      FROM (SELECT * FROM assignments ORDER BY commitment_id, user_id) AS r;

INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    SELECT 'reporting_cycles', year::text, '', nextval('sync_seq'), 0
      FROM (SELECT * FROM reporting_cycles ORDER BY year) AS r;

INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    SELECT 'reports', id::text, '', nextval('sync_seq'), 0
      FROM (SELECT * FROM reports ORDER BY id) AS r;

INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    SELECT 'report_revisions', id::text, '', nextval('sync_seq'), 0
      FROM (SELECT * FROM report_revisions ORDER BY id) AS r;

INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    SELECT 'review_events', id::text, '', nextval('sync_seq'), 0
      FROM (SELECT * FROM review_events ORDER BY id) AS r;

INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    SELECT 'audit_log', id::text, '', nextval('sync_seq'), 0
      FROM (SELECT * FROM audit_log ORDER BY id) AS r;


-- On the server: the changes offline clients sent, with the answer given, so that a change sent
-- twice (the client lost the answer) is applied once and answered the same way.
CREATE TABLE sync_applied (
    change_id   text PRIMARY KEY NOT NULL,
    user_id     uuid NOT NULL REFERENCES users(id),
    report_id   uuid NOT NULL,
    -- The report's version after the change (NULL: it was not applied).
    version     integer,
    -- The answer given, as JSON.
    outcome     json NOT NULL,
    applied_at  timestamptz NOT NULL
);

CREATE INDEX sync_applied_by_report ON sync_applied (report_id, version);

-- On a client: the team server this database is an offline copy of (at most one row).
CREATE TABLE sync_link (
    id              integer PRIMARY KEY NOT NULL CHECK (id = 1),
    server          text NOT NULL,
    -- A personal access token of the account (stored here as `gh` or `git` store theirs: the
    -- file is the user's own; revoking the token on the server cuts the link).
    token           text NOT NULL,
    user_id         text NOT NULL,
    email           text NOT NULL,
    name            text NOT NULL,
    role            text NOT NULL,
    -- The server's feed position this copy holds everything up to.
    pulled_seq      integer NOT NULL DEFAULT 0,
    linked_at       text NOT NULL,
    last_synced_at  text,
    last_attempt_at text,
    -- Why the last attempt failed (NULL: it did not), and the error's kind (`offline`: the
    -- server could not be reached; `outdated`: this app must be updated).
    last_error      text,
    last_error_kind text
);

-- On a client: report edits made here that the server has not acknowledged, one per report
-- (its latest text). `change_id` is new at every edit; `sent_ids` lists earlier ids of this
-- edit that were sent but never answered, so the server can tell its own earlier application
-- of them from someone else's change.
CREATE TABLE sync_pending (
    id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    change_id      text NOT NULL UNIQUE,
    sent_ids       text NOT NULL DEFAULT '[]',
    report_id      text NOT NULL,
    commitment_id  text NOT NULL,
    year           integer NOT NULL,
    -- The server's version the edit was based on (NULL: a report new here).
    base_version   integer,
    -- The report's content fields as JSON (as report_revisions.content).
    content        text NOT NULL,
    state          text NOT NULL CHECK (state IN ('Pending', 'Conflict', 'Refused', 'Offered')),
    -- The server's copy of the report when it moved on meanwhile (JSON row), and why the
    -- server refused the change.
    server_row     text,
    message        text,
    made_at        text NOT NULL,
    updated_at     text NOT NULL,
    UNIQUE (commitment_id, year)
);

