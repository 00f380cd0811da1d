-- The dashboard reads every report of one year, but only its commitment, status and review
-- state: with them in the year index it never touches the rows (whose narratives make them
-- long). The narrower (year, review_state) index it replaces is a prefix of this one.
DROP INDEX reports_by_year_state;
CREATE INDEX reports_by_year_state ON reports (year, review_state, status, commitment_id);
