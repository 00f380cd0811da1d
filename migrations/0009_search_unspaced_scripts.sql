-- Words of scripts written without spaces (Chinese, Japanese, Korean word-runs, Thai, Lao,
-- Khmer, Myanmar) are found by substring: search_index's tokenizer sees a whole run of them
-- as one word. See docs/decisions/0001-cjk-search.md.
--
-- A trigram index of the records (same rowids as search_index) whose text holds such a
-- script; records in other scripts only are not copied, so a Latin-only database pays
-- nothing but the check below. Every value ends with two line breaks, so that each
-- occurrence of a one- or two-character word starts a trigram: search finds those words by
-- the trigrams that start with them (search_unspaced_vocab).
-- The GLOB class is the set of domain::script::is_unspaced: keep them in step.
CREATE VIRTUAL TABLE search_unspaced USING fts5(
    kind UNINDEXED,
    ref_id UNINDEXED,
    commitment_id UNINDEXED,
    year UNINDEXED,
    code,
    body,
    tags,
    tokenize = 'trigram'
);

CREATE VIRTUAL TABLE search_unspaced_vocab USING fts5vocab(search_unspaced, 'row');

-- The triggers of 0004, now keeping both indexes: each copies the row it has just written to
-- search_index when the row has such a script.
DROP TRIGGER search_commitment_insert;
DROP TRIGGER search_commitment_update;
DROP TRIGGER search_report_insert;
DROP TRIGGER search_report_update;
DROP TRIGGER search_commitment_delete;
DROP TRIGGER search_report_delete;

CREATE TRIGGER search_commitment_insert AFTER INSERT ON commitments BEGIN
    INSERT INTO search_index (rowid, kind, ref_id, commitment_id, year, code, body, tags)
    VALUES (new.rowid * 2, 'commitment', new.id, new.id, NULL, new.public_id, new.description, '');
    INSERT INTO search_unspaced (rowid, kind, ref_id, commitment_id, year, code, body, tags)
    SELECT rowid, kind, ref_id, commitment_id, year, code || char(10, 10), body || char(10, 10),
           coalesce(tags, '') || char(10, 10)
      FROM search_index
     WHERE rowid = new.rowid * 2
       AND (code || body || coalesce(tags, '')) GLOB '*[㐀-䶿一-鿿豈-﫿𠀀-𲎯々-〇ぁ-ヿㇰ-ㇿｦ-ﾟᄀ-ᇿ㄰-㆏ꥠ-꥿가-퟿฀-๿຀-໿က-႟ꧠ-꧿ꩠ-ꩿក-៿᧠-᧿]*';
END;

CREATE TRIGGER search_commitment_update AFTER UPDATE OF public_id, description ON commitments BEGIN
    DELETE FROM search_index WHERE rowid = old.rowid * 2;
    DELETE FROM search_unspaced WHERE rowid = old.rowid * 2;
    INSERT INTO search_index (rowid, kind, ref_id, commitment_id, year, code, body, tags)
    VALUES (new.rowid * 2, 'commitment', new.id, new.id, NULL, new.public_id, new.description, '');
    INSERT INTO search_unspaced (rowid, kind, ref_id, commitment_id, year, code, body, tags)
    SELECT rowid, kind, ref_id, commitment_id, year, code || char(10, 10), body || char(10, 10),
           coalesce(tags, '') || char(10, 10)
      FROM search_index
     WHERE rowid = new.rowid * 2
       AND (code || body || coalesce(tags, '')) GLOB '*[㐀-䶿一-鿿豈-﫿𠀀-𲎯々-〇ぁ-ヿㇰ-ㇿｦ-ﾟᄀ-ᇿ㄰-㆏ꥠ-꥿가-퟿฀-๿຀-໿က-႟ꧠ-꧿ꩠ-ꩿក-៿᧠-᧿]*';
    -- A report is found by its commitment's ID too.
    DELETE FROM search_index WHERE rowid IN (SELECT rowid * 2 + 1 FROM reports WHERE commitment_id = new.id);
    DELETE FROM search_unspaced WHERE rowid IN (SELECT rowid * 2 + 1 FROM reports WHERE commitment_id = new.id);
    INSERT INTO search_index (rowid, kind, ref_id, commitment_id, year, code, body, tags)
    SELECT r.rowid * 2 + 1, 'report', r.id, r.commitment_id, r.year, new.public_id,
           r.achievements || char(10) || r.challenges || char(10) || r.next_steps,
           (SELECT group_concat(value, ' ') FROM json_each(r.tags))
      FROM reports r WHERE r.commitment_id = new.id;
    INSERT INTO search_unspaced (rowid, kind, ref_id, commitment_id, year, code, body, tags)
    SELECT rowid, kind, ref_id, commitment_id, year, code || char(10, 10), body || char(10, 10),
           coalesce(tags, '') || char(10, 10)
      FROM search_index
     WHERE rowid IN (SELECT rowid * 2 + 1 FROM reports WHERE commitment_id = new.id)
       AND (code || body || coalesce(tags, '')) GLOB '*[㐀-䶿一-鿿豈-﫿𠀀-𲎯々-〇ぁ-ヿㇰ-ㇿｦ-ﾟᄀ-ᇿ㄰-㆏ꥠ-꥿가-퟿฀-๿຀-໿က-႟ꧠ-꧿ꩠ-ꩿក-៿᧠-᧿]*';
END;

CREATE TRIGGER search_report_insert AFTER INSERT ON reports BEGIN
    INSERT INTO search_index (rowid, kind, ref_id, commitment_id, year, code, body, tags)
    VALUES (new.rowid * 2 + 1, 'report', new.id, new.commitment_id, new.year,
            (SELECT public_id FROM commitments WHERE id = new.commitment_id),
            new.achievements || char(10) || new.challenges || char(10) || new.next_steps,
            (SELECT group_concat(value, ' ') FROM json_each(new.tags)));
    INSERT INTO search_unspaced (rowid, kind, ref_id, commitment_id, year, code, body, tags)
    SELECT rowid, kind, ref_id, commitment_id, year, code || char(10, 10), body || char(10, 10),
           coalesce(tags, '') || char(10, 10)
      FROM search_index
     WHERE rowid = new.rowid * 2 + 1
       AND (code || body || coalesce(tags, '')) GLOB '*[㐀-䶿一-鿿豈-﫿𠀀-𲎯々-〇ぁ-ヿㇰ-ㇿｦ-ﾟᄀ-ᇿ㄰-㆏ꥠ-꥿가-퟿฀-๿຀-໿က-႟ꧠ-꧿ꩠ-ꩿក-៿᧠-᧿]*';
END;

CREATE TRIGGER search_report_update AFTER UPDATE OF achievements, challenges, next_steps, tags ON reports BEGIN
    DELETE FROM search_index WHERE rowid = old.rowid * 2 + 1;
    DELETE FROM search_unspaced WHERE rowid = old.rowid * 2 + 1;
    INSERT INTO search_index (rowid, kind, ref_id, commitment_id, year, code, body, tags)
    VALUES (new.rowid * 2 + 1, 'report', new.id, new.commitment_id, new.year,
            (SELECT public_id FROM commitments WHERE id = new.commitment_id),
            new.achievements || char(10) || new.challenges || char(10) || new.next_steps,
            (SELECT group_concat(value, ' ') FROM json_each(new.tags)));
    INSERT INTO search_unspaced (rowid, kind, ref_id, commitment_id, year, code, body, tags)
    SELECT rowid, kind, ref_id, commitment_id, year, code || char(10, 10), body || char(10, 10),
           coalesce(tags, '') || char(10, 10)
      FROM search_index
     WHERE rowid = new.rowid * 2 + 1
       AND (code || body || coalesce(tags, '')) GLOB '*[㐀-䶿一-鿿豈-﫿𠀀-𲎯々-〇ぁ-ヿㇰ-ㇿｦ-ﾟᄀ-ᇿ㄰-㆏ꥠ-꥿가-퟿฀-๿຀-໿က-႟ꧠ-꧿ꩠ-ꩿក-៿᧠-᧿]*';
END;

CREATE TRIGGER search_commitment_delete AFTER DELETE ON commitments BEGIN
    DELETE FROM search_index WHERE rowid = old.rowid * 2;
    DELETE FROM search_unspaced WHERE rowid = old.rowid * 2;
END;

CREATE TRIGGER search_report_delete AFTER DELETE ON reports BEGIN
    DELETE FROM search_index WHERE rowid = old.rowid * 2 + 1;
    DELETE FROM search_unspaced WHERE rowid = old.rowid * 2 + 1;
END;

-- Index what exists already.
INSERT INTO search_unspaced (rowid, kind, ref_id, commitment_id, year, code, body, tags)
    SELECT rowid, kind, ref_id, commitment_id, year, code || char(10, 10), body || char(10, 10),
           coalesce(tags, '') || char(10, 10)
      FROM search_index
     WHERE (code || body || coalesce(tags, '')) GLOB '*[㐀-䶿一-鿿豈-﫿𠀀-𲎯々-〇ぁ-ヿㇰ-ㇿｦ-ﾟᄀ-ᇿ㄰-㆏ꥠ-꥿가-퟿฀-๿຀-໿က-႟ꧠ-꧿ꩠ-ꩿក-៿᧠-᧿]*';
