-- Lists and pages of commitments are in catalogue order: organisation, then Commitment ID with
-- numeric IDs in numeric order (shorter first). With that order in an index, a page of 200 is
-- read in order and the walk stops at its end, instead of sorting every commitment first; with
-- `retired_at` in it too, counting the active commitments (the matrix's scrollbar) never reads
-- the rows and their long descriptions (50,000 commitments: 60 → 10 ms).
CREATE INDEX commitments_in_order ON commitments (organisation_id, length(public_id), public_id, retired_at);
