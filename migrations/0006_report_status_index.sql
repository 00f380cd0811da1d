-- Dashboards and the matrix read only a report's status and review state, which come after its
-- long narratives in the row (on overflow pages): this index answers them on its own.
CREATE INDEX reports_by_commitment_year_state ON reports (commitment_id, year, status, review_state, id);
