-- Offline clients of a team server (issue #17; docs/decisions/0007-offline-sync.md).
--
-- The changes feed. Every row of the tables an offline copy holds has one row here: its table,
-- its key (k1, k2: the key columns as text; k2 '' for a one-column key), the feed position of
-- its latest change (`seq`, from a counter on the server, never a clock) and whether that
-- change deleted it. Triggers keep it in step in the same transaction as the change, so a
-- client that has everything up to position N and asks for what is after N misses nothing.
-- Writers take turns (SQLite's one writer; on PostgreSQL the store's write lock), so a row's
-- position is never visible before a lower one.


CREATE TABLE sync_rows (
    tbl      TEXT NOT NULL,
    k1       TEXT NOT NULL,
    k2       TEXT NOT NULL DEFAULT '',
    seq      INTEGER NOT NULL,
    deleted  INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    PRIMARY KEY (tbl, k1, k2)
) STRICT;

CREATE UNIQUE INDEX sync_rows_by_seq ON sync_rows (seq);
CREATE INDEX sync_rows_by_table ON sync_rows (tbl, seq);


CREATE TRIGGER sync_organisations_insert AFTER INSERT ON organisations
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'organisations' AND k1 = CAST(new.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('organisations', CAST(new.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 0);
END;

CREATE TRIGGER sync_organisations_rekey AFTER UPDATE ON organisations WHEN old.id IS NOT new.id
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'organisations' AND k1 = CAST(old.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('organisations', CAST(old.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 1);
END;

CREATE TRIGGER sync_organisations_update AFTER UPDATE ON organisations
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'organisations' AND k1 = CAST(new.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('organisations', CAST(new.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 0);
END;

CREATE TRIGGER sync_organisations_delete AFTER DELETE ON organisations
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'organisations' AND k1 = CAST(old.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('organisations', CAST(old.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 1);
END;

CREATE TRIGGER sync_frameworks_insert AFTER INSERT ON frameworks
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'frameworks' AND k1 = CAST(new.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('frameworks', CAST(new.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 0);
END;

CREATE TRIGGER sync_frameworks_rekey AFTER UPDATE ON frameworks WHEN old.id IS NOT new.id
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'frameworks' AND k1 = CAST(old.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('frameworks', CAST(old.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 1);
END;

CREATE TRIGGER sync_frameworks_update AFTER UPDATE ON frameworks
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'frameworks' AND k1 = CAST(new.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('frameworks', CAST(new.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 0);
END;

CREATE TRIGGER sync_frameworks_delete AFTER DELETE ON frameworks
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'frameworks' AND k1 = CAST(old.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('frameworks', CAST(old.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 1);
END;

CREATE TRIGGER sync_framework_levels_insert AFTER INSERT ON framework_levels
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'framework_levels' AND k1 = CAST(new.framework_id AS TEXT) AND k2 = CAST(new.depth AS TEXT);
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('framework_levels', CAST(new.framework_id AS TEXT), CAST(new.depth AS TEXT), (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 0);
END;

CREATE TRIGGER sync_framework_levels_rekey AFTER UPDATE ON framework_levels WHEN old.framework_id IS NOT new.framework_id OR old.depth IS NOT new.depth
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'framework_levels' AND k1 = CAST(old.framework_id AS TEXT) AND k2 = CAST(old.depth AS TEXT);
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('framework_levels', CAST(old.framework_id AS TEXT), CAST(old.depth AS TEXT), (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 1);
END;

CREATE TRIGGER sync_framework_levels_update AFTER UPDATE ON framework_levels
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'framework_levels' AND k1 = CAST(new.framework_id AS TEXT) AND k2 = CAST(new.depth AS TEXT);
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('framework_levels', CAST(new.framework_id AS TEXT), CAST(new.depth AS TEXT), (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 0);
END;

CREATE TRIGGER sync_framework_levels_delete AFTER DELETE ON framework_levels
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'framework_levels' AND k1 = CAST(old.framework_id AS TEXT) AND k2 = CAST(old.depth AS TEXT);
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('framework_levels', CAST(old.framework_id AS TEXT), CAST(old.depth AS TEXT), (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 1);
END;

CREATE TRIGGER sync_framework_types_insert AFTER INSERT ON framework_types
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'framework_types' AND k1 = CAST(new.framework_id AS TEXT) AND k2 = CAST(new.name AS TEXT);
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('framework_types', CAST(new.framework_id AS TEXT), CAST(new.name AS TEXT), (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 0);
END;

CREATE TRIGGER sync_framework_types_rekey AFTER UPDATE ON framework_types WHEN old.framework_id IS NOT new.framework_id OR old.name IS NOT new.name
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'framework_types' AND k1 = CAST(old.framework_id AS TEXT) AND k2 = CAST(old.name AS TEXT);
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('framework_types', CAST(old.framework_id AS TEXT), CAST(old.name AS TEXT), (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 1);
END;

CREATE TRIGGER sync_framework_types_update AFTER UPDATE ON framework_types
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'framework_types' AND k1 = CAST(new.framework_id AS TEXT) AND k2 = CAST(new.name AS TEXT);
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('framework_types', CAST(new.framework_id AS TEXT), CAST(new.name AS TEXT), (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 0);
END;

CREATE TRIGGER sync_framework_types_delete AFTER DELETE ON framework_types
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'framework_types' AND k1 = CAST(old.framework_id AS TEXT) AND k2 = CAST(old.name AS TEXT);
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('framework_types', CAST(old.framework_id AS TEXT), CAST(old.name AS TEXT), (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 1);
END;

CREATE TRIGGER sync_categories_insert AFTER INSERT ON categories
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'categories' AND k1 = CAST(new.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('categories', CAST(new.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 0);
END;

CREATE TRIGGER sync_categories_rekey AFTER UPDATE ON categories WHEN old.id IS NOT new.id
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'categories' AND k1 = CAST(old.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('categories', CAST(old.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 1);
END;

CREATE TRIGGER sync_categories_update AFTER UPDATE ON categories
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'categories' AND k1 = CAST(new.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('categories', CAST(new.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 0);
END;

CREATE TRIGGER sync_categories_delete AFTER DELETE ON categories
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'categories' AND k1 = CAST(old.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('categories', CAST(old.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 1);
END;

CREATE TRIGGER sync_commitments_insert AFTER INSERT ON commitments
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'commitments' AND k1 = CAST(new.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('commitments', CAST(new.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 0);
END;

CREATE TRIGGER sync_commitments_rekey AFTER UPDATE ON commitments WHEN old.id IS NOT new.id
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'commitments' AND k1 = CAST(old.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('commitments', CAST(old.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 1);
END;

CREATE TRIGGER sync_commitments_update AFTER UPDATE ON commitments
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'commitments' AND k1 = CAST(new.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('commitments', CAST(new.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 0);
END;

CREATE TRIGGER sync_commitments_delete AFTER DELETE ON commitments
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'commitments' AND k1 = CAST(old.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('commitments', CAST(old.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 1);
END;

CREATE TRIGGER sync_commitment_categories_insert AFTER INSERT ON commitment_categories
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'commitment_categories' AND k1 = CAST(new.commitment_id AS TEXT) AND k2 = CAST(new.category_id AS TEXT);
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('commitment_categories', CAST(new.commitment_id AS TEXT), CAST(new.category_id AS TEXT), (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 0);
END;

CREATE TRIGGER sync_commitment_categories_rekey AFTER UPDATE ON commitment_categories WHEN old.commitment_id IS NOT new.commitment_id OR old.category_id IS NOT new.category_id
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'commitment_categories' AND k1 = CAST(old.commitment_id AS TEXT) AND k2 = CAST(old.category_id AS TEXT);
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('commitment_categories', CAST(old.commitment_id AS TEXT), CAST(old.category_id AS TEXT), (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 1);
END;

CREATE TRIGGER sync_commitment_categories_update AFTER UPDATE ON commitment_categories
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'commitment_categories' AND k1 = CAST(new.commitment_id AS TEXT) AND k2 = CAST(new.category_id AS TEXT);
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('commitment_categories', CAST(new.commitment_id AS TEXT), CAST(new.category_id AS TEXT), (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 0);
END;

CREATE TRIGGER sync_commitment_categories_delete AFTER DELETE ON commitment_categories
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'commitment_categories' AND k1 = CAST(old.commitment_id AS TEXT) AND k2 = CAST(old.category_id AS TEXT);
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('commitment_categories', CAST(old.commitment_id AS TEXT), CAST(old.category_id AS TEXT), (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 1);
END;

CREATE TRIGGER sync_users_insert AFTER INSERT ON users
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'users' AND k1 = CAST(new.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('users', CAST(new.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 0);
END;

CREATE TRIGGER sync_users_rekey AFTER UPDATE ON users WHEN old.id IS NOT new.id
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'users' AND k1 = CAST(old.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('users', CAST(old.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 1);
END;

CREATE TRIGGER sync_users_update AFTER UPDATE ON users
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'users' AND k1 = CAST(new.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('users', CAST(new.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 0);
END;

CREATE TRIGGER sync_users_delete AFTER DELETE ON users
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'users' AND k1 = CAST(old.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('users', CAST(old.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 1);
END;

CREATE TRIGGER sync_assignments_insert AFTER INSERT ON assignments
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'assignments' AND k1 = CAST(new.commitment_id AS TEXT) AND k2 = CAST(new.user_id AS TEXT);
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('assignments', CAST(new.commitment_id AS TEXT), CAST(new.user_id AS TEXT), (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 0);
END;

CREATE TRIGGER sync_assignments_rekey AFTER UPDATE ON assignments WHEN old.commitment_id IS NOT new.commitment_id OR old.user_id IS NOT new.user_id
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'assignments' AND k1 = CAST(old.commitment_id AS TEXT) AND k2 = CAST(old.user_id AS TEXT);
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('assignments', CAST(old.commitment_id AS TEXT), CAST(old.user_id AS TEXT), (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 1);
END;

CREATE TRIGGER sync_assignments_update AFTER UPDATE ON assignments
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'assignments' AND k1 = CAST(new.commitment_id AS TEXT) AND k2 = CAST(new.user_id AS TEXT);
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('assignments', CAST(new.commitment_id AS TEXT), CAST(new.user_id AS TEXT), (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 0);
END;

CREATE TRIGGER sync_assignments_delete AFTER DELETE ON assignments
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'assignments' AND k1 = CAST(old.commitment_id AS TEXT) AND k2 = CAST(old.user_id AS TEXT);
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('assignments', CAST(old.commitment_id AS TEXT), CAST(old.user_id AS TEXT), (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 1);
END;

CREATE TRIGGER sync_reporting_cycles_insert AFTER INSERT ON reporting_cycles
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'reporting_cycles' AND k1 = CAST(new.year AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('reporting_cycles', CAST(new.year AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 0);
END;

CREATE TRIGGER sync_reporting_cycles_rekey AFTER UPDATE ON reporting_cycles WHEN old.year IS NOT new.year
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'reporting_cycles' AND k1 = CAST(old.year AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('reporting_cycles', CAST(old.year AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 1);
END;

CREATE TRIGGER sync_reporting_cycles_update AFTER UPDATE ON reporting_cycles
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'reporting_cycles' AND k1 = CAST(new.year AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('reporting_cycles', CAST(new.year AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 0);
END;

CREATE TRIGGER sync_reporting_cycles_delete AFTER DELETE ON reporting_cycles
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'reporting_cycles' AND k1 = CAST(old.year AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('reporting_cycles', CAST(old.year AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 1);
END;

CREATE TRIGGER sync_reports_insert AFTER INSERT ON reports
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'reports' AND k1 = CAST(new.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('reports', CAST(new.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 0);
END;

CREATE TRIGGER sync_reports_rekey AFTER UPDATE ON reports WHEN old.id IS NOT new.id
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'reports' AND k1 = CAST(old.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('reports', CAST(old.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 1);
END;

CREATE TRIGGER sync_reports_update AFTER UPDATE ON reports
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'reports' AND k1 = CAST(new.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('reports', CAST(new.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 0);
END;

CREATE TRIGGER sync_reports_delete AFTER DELETE ON reports
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'reports' AND k1 = CAST(old.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('reports', CAST(old.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 1);
END;

CREATE TRIGGER sync_report_revisions_insert AFTER INSERT ON report_revisions
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'report_revisions' AND k1 = CAST(new.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('report_revisions', CAST(new.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 0);
END;

CREATE TRIGGER sync_report_revisions_rekey AFTER UPDATE ON report_revisions WHEN old.id IS NOT new.id
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'report_revisions' AND k1 = CAST(old.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('report_revisions', CAST(old.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 1);
END;

CREATE TRIGGER sync_report_revisions_update AFTER UPDATE ON report_revisions
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'report_revisions' AND k1 = CAST(new.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('report_revisions', CAST(new.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 0);
END;

CREATE TRIGGER sync_report_revisions_delete AFTER DELETE ON report_revisions
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'report_revisions' AND k1 = CAST(old.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('report_revisions', CAST(old.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 1);
END;

CREATE TRIGGER sync_review_events_insert AFTER INSERT ON review_events
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'review_events' AND k1 = CAST(new.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('review_events', CAST(new.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 0);
END;

CREATE TRIGGER sync_review_events_rekey AFTER UPDATE ON review_events WHEN old.id IS NOT new.id
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'review_events' AND k1 = CAST(old.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('review_events', CAST(old.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 1);
END;

CREATE TRIGGER sync_review_events_update AFTER UPDATE ON review_events
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'review_events' AND k1 = CAST(new.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('review_events', CAST(new.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 0);
END;

CREATE TRIGGER sync_review_events_delete AFTER DELETE ON review_events
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'review_events' AND k1 = CAST(old.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('review_events', CAST(old.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 1);
END;

CREATE TRIGGER sync_audit_log_insert AFTER INSERT ON audit_log
BEGIN
    DELETE FROM sync_rows WHERE tbl = 'audit_log' AND k1 = CAST(new.id AS TEXT) AND k2 = '';
    INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    VALUES ('audit_log', CAST(new.id AS TEXT), '', (SELECT coalesce(max(seq), 0) + 1 FROM sync_rows), 0);
END;


-- The rows that exist already, in the order a copy needs them (parents first).

INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    SELECT 'organisations', CAST(id AS TEXT), '', (SELECT coalesce(max(seq), 0) FROM sync_rows) + row_number() OVER (ORDER BY id), 0 FROM organisations;

INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    SELECT 'frameworks', CAST(id AS TEXT), '', (SELECT coalesce(max(seq), 0) FROM sync_rows) + row_number() OVER (ORDER BY id), 0 FROM frameworks;

INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    SELECT 'framework_levels', CAST(framework_id AS TEXT), CAST(depth AS TEXT), (SELECT coalesce(max(seq), 0) FROM sync_rows) + row_number() OVER (ORDER BY framework_id, depth), 0 FROM framework_levels;

INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    SELECT 'framework_types', CAST(framework_id AS TEXT), CAST(name AS TEXT), (SELECT coalesce(max(seq), 0) FROM sync_rows) + row_number() OVER (ORDER BY framework_id, name), 0 FROM framework_types;

INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    SELECT 'categories', CAST(id AS TEXT), '', (SELECT coalesce(max(seq), 0) FROM sync_rows) + row_number() OVER (ORDER BY id), 0 FROM categories;

INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    SELECT 'commitments', CAST(id AS TEXT), '', (SELECT coalesce(max(seq), 0) FROM sync_rows) + row_number() OVER (ORDER BY id), 0 FROM commitments;

INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    SELECT 'commitment_categories', CAST(commitment_id AS TEXT), CAST(category_id AS TEXT), (SELECT coalesce(max(seq), 0) FROM sync_rows) + row_number() OVER (ORDER BY commitment_id, category_id), 0 FROM commitment_categories;

INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    SELECT 'users', CAST(id AS TEXT), '', (SELECT coalesce(max(seq), 0) FROM sync_rows) + row_number() OVER (ORDER BY id), 0 FROM users;

INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    SELECT 'assignments', CAST(commitment_id AS TEXT), CAST(user_id AS TEXT), (SELECT coalesce(max(seq), 0) FROM sync_rows) + row_number() OVER (ORDER BY commitment_id, user_id), 0 FROM assignments;

INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    SELECT 'reporting_cycles', CAST(year AS TEXT), '', (SELECT coalesce(max(seq), 0) FROM sync_rows) + row_number() OVER (ORDER BY year), 0 FROM reporting_cycles;

INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    SELECT 'reports', CAST(id AS TEXT), '', (SELECT coalesce(max(seq), 0) FROM sync_rows) + row_number() OVER (ORDER BY id), 0 FROM reports;

INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    SELECT 'report_revisions', CAST(id AS TEXT), '', (SELECT coalesce(max(seq), 0) FROM sync_rows) + row_number() OVER (ORDER BY id), 0 FROM report_revisions;

INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    SELECT 'review_events', CAST(id AS TEXT), '', (SELECT coalesce(max(seq), 0) FROM sync_rows) + row_number() OVER (ORDER BY id), 0 FROM review_events;

INSERT INTO sync_rows (tbl, k1, k2, seq, deleted)
    SELECT 'audit_log', CAST(id AS TEXT), '', (SELECT coalesce(max(seq), 0) FROM sync_rows) + row_number() OVER (ORDER BY id), 0 FROM audit_log;


-- On the server: the changes offline clients sent, with the answer given, so that a change sent
-- twice (the client lost the answer) is applied once and answered the same way.
CREATE TABLE sync_applied (
    change_id   TEXT PRIMARY KEY NOT NULL,
    user_id     TEXT NOT NULL REFERENCES users(id),
    report_id   TEXT NOT NULL,
    -- The report's version after the change (NULL: it was not applied).
    version     INTEGER,
    -- The answer given, as JSON.
    outcome     TEXT NOT NULL,
    applied_at  TEXT NOT NULL
) STRICT;

CREATE INDEX sync_applied_by_report ON sync_applied (report_id, version);

-- On a client: the team server this database is an offline copy of (at most one row).
CREATE TABLE sync_link (
    id              INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    server          TEXT NOT NULL,
    -- A personal access token of the account (stored here as `gh` or `git` store theirs: the
    -- file is the user's own; revoking the token on the server cuts the link).
    token           TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    email           TEXT NOT NULL,
    name            TEXT NOT NULL,
    role            TEXT NOT NULL,
    -- The server's feed position this copy holds everything up to.
    pulled_seq      INTEGER NOT NULL DEFAULT 0,
    linked_at       TEXT NOT NULL,
    last_synced_at  TEXT,
    last_attempt_at TEXT,
    -- Why the last attempt failed (NULL: it did not), and the error's kind (`offline`: the
    -- server could not be reached; `outdated`: this app must be updated).
    last_error      TEXT,
    last_error_kind TEXT
) STRICT;

-- On a client: report edits made here that the server has not acknowledged, one per report
-- (its latest text). `change_id` is new at every edit; `sent_ids` lists earlier ids of this
-- edit that were sent but never answered, so the server can tell its own earlier application
-- of them from someone else's change.
CREATE TABLE sync_pending (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    change_id      TEXT NOT NULL UNIQUE,
    sent_ids       TEXT NOT NULL DEFAULT '[]',
    report_id      TEXT NOT NULL,
    commitment_id  TEXT NOT NULL,
    year           INTEGER NOT NULL,
    -- The server's version the edit was based on (NULL: a report new here).
    base_version   INTEGER,
    -- The report's content fields as JSON (as report_revisions.content).
    content        TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('Pending', 'Conflict', 'Refused', 'Offered')),
    -- The server's copy of the report when it moved on meanwhile (JSON row), and why the
    -- server refused the change.
    server_row     TEXT,
    message        TEXT,
    made_at        TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (commitment_id, year)
) STRICT;

