-- The search triggers' test for an unspaced script (a GLOB whose class has ~20 ranges) runs
-- over every text that is not all ASCII, and GLOB reads the whole class again at each
-- character: ~0.4 ms for a report of 1.5 KB with accented words, ~90% of the cost of
-- writing it (measured: 3.75 s of GLOB for 10,000 reports). A copy's first sync of 50,000
-- reports spent most of its time there. Every script of the class is at U+0E00 or above,
-- so a text with no character from U+0800 up has none: a GLOB with that one range answers
-- first, ~10x cheaper, and the class is read only for the texts it lets through. (A CASE,
-- not AND: in a trigger's WHERE of constants SQLite evaluated both sides of an AND.) The
-- triggers are otherwise as 0009 and 0010 left them.

DROP TRIGGER search_commitment_insert_unspaced;
CREATE TRIGGER search_commitment_insert_unspaced AFTER INSERT ON commitments
WHEN length(new.public_id || new.title || new.description || new.tags)
     <> octet_length(new.public_id || new.title || new.description || new.tags)
BEGIN
    INSERT INTO search_unspaced (rowid, kind, ref_id, commitment_id, year, code, body, tags)
    SELECT new.rowid * 2, 'commitment', new.id, new.id, NULL, new.public_id || char(10, 10),
           v.body || char(10, 10), coalesce(v.tags, '') || char(10, 10)
      FROM (SELECT CASE WHEN new.title = '' THEN new.description
                        ELSE new.title || char(10) || new.description END AS body,
                   (SELECT group_concat(value, ' ') FROM json_each(new.tags)) AS tags) v
     WHERE CASE WHEN (new.public_id || v.body || coalesce(v.tags, '')) GLOB '*[ࠀ-􏿿]*'
                THEN (new.public_id || v.body || coalesce(v.tags, '')) GLOB '*[㐀-䶿一-鿿豈-﫿𠀀-𲎯々-〇ぁ-ヿㇰ-ㇿｦ-ﾟᄀ-ᇿ㄰-㆏ꥠ-꥿가-퟿฀-๿຀-໿က-႟ꧠ-꧿ꩠ-ꩿក-៿᧠-᧿]*' ELSE 0 END;
END;

DROP TRIGGER search_commitment_update;
CREATE TRIGGER search_commitment_update AFTER UPDATE OF public_id, title, description, tags ON commitments BEGIN
    DELETE FROM search_index WHERE rowid = old.rowid * 2;
    DELETE FROM search_unspaced WHERE rowid = old.rowid * 2;
    INSERT INTO search_index (rowid, kind, ref_id, commitment_id, year, code, body, tags)
    VALUES (new.rowid * 2, 'commitment', new.id, new.id, NULL, new.public_id,
            CASE WHEN new.title = '' THEN new.description
                 ELSE new.title || char(10) || new.description END,
            (SELECT group_concat(value, ' ') FROM json_each(new.tags)));
    INSERT INTO search_unspaced (rowid, kind, ref_id, commitment_id, year, code, body, tags)
    SELECT new.rowid * 2, 'commitment', new.id, new.id, NULL, new.public_id || char(10, 10),
           v.body || char(10, 10), coalesce(v.tags, '') || char(10, 10)
      FROM (SELECT CASE WHEN new.title = '' THEN new.description
                        ELSE new.title || char(10) || new.description END AS body,
                   (SELECT group_concat(value, ' ') FROM json_each(new.tags)) AS tags) v
     WHERE CASE WHEN (new.public_id || v.body || coalesce(v.tags, '')) GLOB '*[ࠀ-􏿿]*'
                THEN (new.public_id || v.body || coalesce(v.tags, '')) GLOB '*[㐀-䶿一-鿿豈-﫿𠀀-𲎯々-〇ぁ-ヿㇰ-ㇿｦ-ﾟᄀ-ᇿ㄰-㆏ꥠ-꥿가-퟿฀-๿຀-໿က-႟ꧠ-꧿ꩠ-ꩿក-៿᧠-᧿]*' ELSE 0 END;
    -- A report is found by its commitment's ID too.
    DELETE FROM search_index WHERE rowid IN (SELECT rowid * 2 + 1 FROM reports WHERE commitment_id = new.id);
    DELETE FROM search_unspaced WHERE rowid IN (SELECT rowid * 2 + 1 FROM reports WHERE commitment_id = new.id);
    INSERT INTO search_index (rowid, kind, ref_id, commitment_id, year, code, body, tags)
    SELECT r.rowid * 2 + 1, 'report', r.id, r.commitment_id, r.year, new.public_id,
           r.achievements || char(10) || r.challenges || char(10) || r.next_steps,
           (SELECT group_concat(value, ' ') FROM json_each(r.tags))
      FROM reports r WHERE r.commitment_id = new.id;
    INSERT INTO search_unspaced (rowid, kind, ref_id, commitment_id, year, code, body, tags)
    SELECT v.rid, 'report', v.id, v.commitment_id, v.year, new.public_id || char(10, 10),
           v.body || char(10, 10), coalesce(v.tags, '') || char(10, 10)
      FROM (SELECT r.rowid * 2 + 1 AS rid, r.id, r.commitment_id, r.year,
                   r.achievements || char(10) || r.challenges || char(10) || r.next_steps AS body,
                   (SELECT group_concat(value, ' ') FROM json_each(r.tags)) AS tags
              FROM reports r WHERE r.commitment_id = new.id) v
     WHERE CASE WHEN (new.public_id || v.body || coalesce(v.tags, '')) GLOB '*[ࠀ-􏿿]*'
                THEN (new.public_id || v.body || coalesce(v.tags, '')) GLOB '*[㐀-䶿一-鿿豈-﫿𠀀-𲎯々-〇ぁ-ヿㇰ-ㇿｦ-ﾟᄀ-ᇿ㄰-㆏ꥠ-꥿가-퟿฀-๿຀-໿က-႟ꧠ-꧿ꩠ-ꩿក-៿᧠-᧿]*' ELSE 0 END;
END;

DROP TRIGGER search_report_insert_unspaced;
CREATE TRIGGER search_report_insert_unspaced AFTER INSERT ON reports
WHEN length(new.achievements || new.challenges || new.next_steps || new.tags ||
            (SELECT public_id FROM commitments WHERE id = new.commitment_id))
     <> octet_length(new.achievements || new.challenges || new.next_steps || new.tags ||
                     (SELECT public_id FROM commitments WHERE id = new.commitment_id))
BEGIN
    INSERT INTO search_unspaced (rowid, kind, ref_id, commitment_id, year, code, body, tags)
    SELECT new.rowid * 2 + 1, 'report', new.id, new.commitment_id, new.year, v.code || char(10, 10),
           v.body || char(10, 10), coalesce(v.tags, '') || char(10, 10)
      FROM (SELECT (SELECT public_id FROM commitments WHERE id = new.commitment_id) AS code,
                   new.achievements || char(10) || new.challenges || char(10) || new.next_steps AS body,
                   (SELECT group_concat(value, ' ') FROM json_each(new.tags)) AS tags) v
     WHERE CASE WHEN (v.code || v.body || coalesce(v.tags, '')) GLOB '*[ࠀ-􏿿]*'
                THEN (v.code || v.body || coalesce(v.tags, '')) GLOB '*[㐀-䶿一-鿿豈-﫿𠀀-𲎯々-〇ぁ-ヿㇰ-ㇿｦ-ﾟᄀ-ᇿ㄰-㆏ꥠ-꥿가-퟿฀-๿຀-໿က-႟ꧠ-꧿ꩠ-ꩿក-៿᧠-᧿]*' ELSE 0 END;
END;

DROP TRIGGER search_report_update_unspaced;
CREATE TRIGGER search_report_update_unspaced AFTER UPDATE OF achievements, challenges, next_steps, tags ON reports
WHEN length(new.achievements || new.challenges || new.next_steps || new.tags ||
            (SELECT public_id FROM commitments WHERE id = new.commitment_id))
     <> octet_length(new.achievements || new.challenges || new.next_steps || new.tags ||
                     (SELECT public_id FROM commitments WHERE id = new.commitment_id))
BEGIN
    DELETE FROM search_unspaced WHERE rowid = old.rowid * 2 + 1;
    INSERT INTO search_unspaced (rowid, kind, ref_id, commitment_id, year, code, body, tags)
    SELECT new.rowid * 2 + 1, 'report', new.id, new.commitment_id, new.year, v.code || char(10, 10),
           v.body || char(10, 10), coalesce(v.tags, '') || char(10, 10)
      FROM (SELECT (SELECT public_id FROM commitments WHERE id = new.commitment_id) AS code,
                   new.achievements || char(10) || new.challenges || char(10) || new.next_steps AS body,
                   (SELECT group_concat(value, ' ') FROM json_each(new.tags)) AS tags) v
     WHERE CASE WHEN (v.code || v.body || coalesce(v.tags, '')) GLOB '*[ࠀ-􏿿]*'
                THEN (v.code || v.body || coalesce(v.tags, '')) GLOB '*[㐀-䶿一-鿿豈-﫿𠀀-𲎯々-〇ぁ-ヿㇰ-ㇿｦ-ﾟᄀ-ᇿ㄰-㆏ꥠ-꥿가-퟿฀-๿຀-໿က-႟ꧠ-꧿ꩠ-ꩿក-៿᧠-᧿]*' ELSE 0 END;
END;
