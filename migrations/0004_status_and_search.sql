-- Reporting cycles (a year opened for reporting, with a deadline) and the full-text index.

CREATE TABLE reporting_cycles (
    year       INTEGER PRIMARY KEY NOT NULL CHECK (year BETWEEN 2016 AND 2100),
    -- The last day reports are due (YYYY-MM-DD, inclusive).
    deadline   TEXT NOT NULL,
    opened_by  TEXT NOT NULL,
    opened_at  TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- One row per commitment (rowid = 2 × its rowid) and per report (2 × its rowid + 1), kept in
-- step by the triggers below, in the same transaction as the change. Accents are folded so
-- "deplacement" finds "déplacement".
CREATE VIRTUAL TABLE search_index USING fts5(
    kind UNINDEXED,
    ref_id UNINDEXED,
    commitment_id UNINDEXED,
    year UNINDEXED,
    code,
    body,
    tags,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER search_commitment_insert AFTER INSERT ON commitments BEGIN
    INSERT INTO search_index (rowid, kind, ref_id, commitment_id, year, code, body, tags)
    VALUES (new.rowid * 2, 'commitment', new.id, new.id, NULL, new.public_id, new.description, '');
END;

CREATE TRIGGER search_commitment_update AFTER UPDATE OF public_id, description ON commitments BEGIN
    DELETE FROM search_index WHERE rowid = old.rowid * 2;
    INSERT INTO search_index (rowid, kind, ref_id, commitment_id, year, code, body, tags)
    VALUES (new.rowid * 2, 'commitment', new.id, new.id, NULL, new.public_id, new.description, '');
    -- A report is found by its commitment's ID too.
    DELETE FROM search_index WHERE rowid IN (SELECT rowid * 2 + 1 FROM reports WHERE commitment_id = new.id);
    INSERT INTO search_index (rowid, kind, ref_id, commitment_id, year, code, body, tags)
    SELECT r.rowid * 2 + 1, 'report', r.id, r.commitment_id, r.year, new.public_id,
           r.achievements || char(10) || r.challenges || char(10) || r.next_steps,
           (SELECT group_concat(value, ' ') FROM json_each(r.tags))
      FROM reports r WHERE r.commitment_id = new.id;
END;

CREATE TRIGGER search_report_insert AFTER INSERT ON reports BEGIN
    INSERT INTO search_index (rowid, kind, ref_id, commitment_id, year, code, body, tags)
    VALUES (new.rowid * 2 + 1, 'report', new.id, new.commitment_id, new.year,
            (SELECT public_id FROM commitments WHERE id = new.commitment_id),
            new.achievements || char(10) || new.challenges || char(10) || new.next_steps,
            (SELECT group_concat(value, ' ') FROM json_each(new.tags)));
END;

CREATE TRIGGER search_report_update AFTER UPDATE OF achievements, challenges, next_steps, tags ON reports BEGIN
    DELETE FROM search_index WHERE rowid = old.rowid * 2 + 1;
    INSERT INTO search_index (rowid, kind, ref_id, commitment_id, year, code, body, tags)
    VALUES (new.rowid * 2 + 1, 'report', new.id, new.commitment_id, new.year,
            (SELECT public_id FROM commitments WHERE id = new.commitment_id),
            new.achievements || char(10) || new.challenges || char(10) || new.next_steps,
            (SELECT group_concat(value, ' ') FROM json_each(new.tags)));
END;

CREATE TRIGGER search_commitment_delete AFTER DELETE ON commitments BEGIN
    DELETE FROM search_index WHERE rowid = old.rowid * 2;
END;

CREATE TRIGGER search_report_delete AFTER DELETE ON reports BEGIN
    DELETE FROM search_index WHERE rowid = old.rowid * 2 + 1;
END;

-- Index what exists already.
INSERT INTO search_index (rowid, kind, ref_id, commitment_id, year, code, body, tags)
SELECT rowid * 2, 'commitment', id, id, NULL, public_id, description, '' FROM commitments;
INSERT INTO search_index (rowid, kind, ref_id, commitment_id, year, code, body, tags)
SELECT r.rowid * 2 + 1, 'report', r.id, r.commitment_id, r.year, c.public_id,
       r.achievements || char(10) || r.challenges || char(10) || r.next_steps,
       (SELECT group_concat(value, ' ') FROM json_each(r.tags))
  FROM reports r JOIN commitments c ON c.id = r.commitment_id;
