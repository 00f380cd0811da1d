-- Lists and pages of commitments are in catalogue order: organisation, then Commitment ID with
-- numeric IDs in numeric order (shorter first). With that order in an index, a page of 200 is
-- read in order and the walk stops at its end, instead of sorting every commitment first.
CREATE INDEX commitments_in_order ON commitments (organisation_id, length(public_id), public_id);
