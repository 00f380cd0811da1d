-- Frameworks as data (docs/decisions/0002-frameworks-as-data.md): a framework has named levels,
-- coded categories and its own commitment types; every commitment belongs to one. The Agenda
-- for Humanity becomes the seeded framework "WHS": its core responsibilities and
-- transformations become its categories with the UUIDs 0002 fixed, and every link keeps its
-- inferred mark. Runs with foreign keys off (the runner checks them before committing).

CREATE TABLE frameworks (
    id             TEXT PRIMARY KEY NOT NULL,
    code           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    -- Where the framework is published (a URL or a citation).
    source         TEXT NOT NULL DEFAULT '',
    -- How many top-level categories each commitment must link (WHS: at least one core
    -- responsibility).
    min_categories INTEGER NOT NULL DEFAULT 0 CHECK (min_categories BETWEEN 0 AND 100),
    position       INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
) STRICT;

-- The named levels of a framework's taxonomy, from the top (depth 1).
CREATE TABLE framework_levels (
    framework_id TEXT NOT NULL REFERENCES frameworks(id) ON DELETE CASCADE,
    depth        INTEGER NOT NULL CHECK (depth BETWEEN 1 AND 4),
    name         TEXT NOT NULL,
    PRIMARY KEY (framework_id, depth)
) STRICT, WITHOUT ROWID;

-- A framework's own vocabulary of commitment types, in display order.
CREATE TABLE framework_types (
    framework_id TEXT NOT NULL REFERENCES frameworks(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    position     INTEGER NOT NULL,
    PRIMARY KEY (framework_id, name)
) STRICT, WITHOUT ROWID;

CREATE TABLE categories (
    id             TEXT PRIMARY KEY NOT NULL,
    framework_id   TEXT NOT NULL REFERENCES frameworks(id),
    depth          INTEGER NOT NULL CHECK (depth BETWEEN 1 AND 4),
    code           TEXT NOT NULL,
    name           TEXT NOT NULL,
    -- The category one level up (NULL at depth 1).
    parent_id      TEXT REFERENCES categories(id),
    -- Text users read beside it (Markdown), e.g. WHS core commitments.
    reference_text TEXT NOT NULL DEFAULT '',
    -- Order among its siblings.
    position       INTEGER NOT NULL,
    UNIQUE (framework_id, code)
) STRICT;

CREATE INDEX categories_by_parent ON categories (parent_id, position);

INSERT INTO frameworks (id, code, name, description, source, min_categories, position,
                        created_at, updated_at, version)
VALUES ('0154dae9-4000-7000-8000-0000000000c8', 'WHS',
        'World Humanitarian Summit: Agenda for Humanity',
        'The commitments made at the World Humanitarian Summit (Istanbul, 2016), organised under the five core responsibilities of the Agenda for Humanity and their 24 transformations.',
        'https://agendaforhumanity.org', 1, 1,
        '2016-05-24T00:00:00.000Z', '2016-05-24T00:00:00.000Z', 1);
INSERT INTO framework_levels (framework_id, depth, name) VALUES
    ('0154dae9-4000-7000-8000-0000000000c8', 1, 'Core responsibility'),
    ('0154dae9-4000-7000-8000-0000000000c8', 2, 'Transformation');
INSERT INTO framework_types (framework_id, name, position) VALUES
    ('0154dae9-4000-7000-8000-0000000000c8', 'Operational', 1),
    ('0154dae9-4000-7000-8000-0000000000c8', 'Policy', 2),
    ('0154dae9-4000-7000-8000-0000000000c8', 'Advocacy', 3),
    ('0154dae9-4000-7000-8000-0000000000c8', 'Financial', 4);

INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position)
SELECT id, '0154dae9-4000-7000-8000-0000000000c8', 1, CAST(number AS TEXT), name, NULL,
       core_commitments, number
  FROM core_responsibilities;
INSERT INTO categories (id, framework_id, depth, code, name, parent_id, reference_text, position)
SELECT id, '0154dae9-4000-7000-8000-0000000000c8', 2, code, name, core_responsibility_id, '',
       position
  FROM transformations;

CREATE TABLE commitment_categories (
    commitment_id TEXT NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    category_id   TEXT NOT NULL REFERENCES categories(id),
    -- 1 when the link was reconstructed (the source had no heading) and awaits a person's
    -- confirmation; 0 when stated by the source or confirmed by a user.
    inferred      INTEGER NOT NULL DEFAULT 0 CHECK (inferred IN (0, 1)),
    PRIMARY KEY (commitment_id, category_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX commitment_categories_by_category ON commitment_categories (category_id, commitment_id);

INSERT INTO commitment_categories (commitment_id, category_id, inferred)
SELECT commitment_id, core_responsibility_id, 0 FROM commitment_core_responsibilities;
INSERT INTO commitment_categories (commitment_id, category_id, inferred)
SELECT commitment_id, transformation_id, inferred FROM commitment_transformations;

-- Commitments gain their framework and a title, and lose the CHECK on the four WHS types (a
-- framework's types are data now). Rebuilt as SQLite documents (new table, copy, drop,
-- rename), keeping every rowid: the search index is keyed by them.
DROP TRIGGER search_commitment_insert;
DROP TRIGGER search_commitment_update;
DROP TRIGGER search_report_insert;
DROP TRIGGER search_report_update;
DROP TRIGGER search_commitment_delete;
DROP TRIGGER search_report_delete;

CREATE TABLE commitments_new (
    id              TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    framework_id    TEXT NOT NULL REFERENCES frameworks(id),
    -- The public Commitment ID (e.g. "200005"), unique within an organisation.
    public_id       TEXT NOT NULL,
    -- A short name; '' when the source gives none.
    title           TEXT NOT NULL DEFAULT '',
    -- One of the framework's types ('' when the framework has none).
    kind            TEXT NOT NULL,
    description     TEXT NOT NULL,
    -- JSON array of words to find and group commitments by: ["shelter", ...].
    tags            TEXT NOT NULL DEFAULT '[]',
    retired_at      TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    -- Optimistic concurrency: every update names the version it was based on.
    version         INTEGER NOT NULL DEFAULT 1,
    UNIQUE (organisation_id, public_id)
) STRICT;

INSERT INTO commitments_new (rowid, id, organisation_id, framework_id, public_id, title, kind,
                             description, retired_at, created_at, updated_at, created_by,
                             updated_by, version)
SELECT rowid, id, organisation_id, '0154dae9-4000-7000-8000-0000000000c8', public_id, '', kind,
       description, retired_at, created_at, updated_at, created_by, updated_by, version
  FROM commitments;

DROP TABLE commitment_core_responsibilities;
DROP TABLE commitment_transformations;
DROP TABLE transformations;
DROP TABLE core_responsibilities;
DROP TABLE commitments;
ALTER TABLE commitments_new RENAME TO commitments;

CREATE INDEX commitments_by_kind ON commitments (kind);
CREATE INDEX commitments_by_framework ON commitments (framework_id);
CREATE INDEX commitments_in_order ON commitments (organisation_id, length(public_id), public_id, retired_at);

-- The search triggers of 0009 (dropping the table dropped those on it), a commitment's title
-- and tags now indexed with its description. The copy into search_unspaced is a trigger of its
-- own whose WHEN lets text all in ASCII (most English text) through without the GLOB below,
-- whose character class cost ~100 µs a report (1 of 2 s for 10,000 imported reports):
-- length() counts characters, octet_length() bytes. Its rows are built from the values, not
-- read back from search_index.

CREATE TRIGGER search_commitment_insert AFTER INSERT ON commitments BEGIN
    INSERT INTO search_index (rowid, kind, ref_id, commitment_id, year, code, body, tags)
    VALUES (new.rowid * 2, 'commitment', new.id, new.id, NULL, new.public_id,
            CASE WHEN new.title = '' THEN new.description
                 ELSE new.title || char(10) || new.description END,
            (SELECT group_concat(value, ' ') FROM json_each(new.tags)));
END;

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
     WHERE (new.public_id || v.body || coalesce(v.tags, '')) GLOB '*[㐀-䶿一-鿿豈-﫿𠀀-𲎯々-〇ぁ-ヿㇰ-ㇿｦ-ﾟᄀ-ᇿ㄰-㆏ꥠ-꥿가-퟿฀-๿຀-໿က-႟ꧠ-꧿ꩠ-ꩿក-៿᧠-᧿]*';
END;

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
     WHERE (new.public_id || v.body || coalesce(v.tags, '')) GLOB '*[㐀-䶿一-鿿豈-﫿𠀀-𲎯々-〇ぁ-ヿㇰ-ㇿｦ-ﾟᄀ-ᇿ㄰-㆏ꥠ-꥿가-퟿฀-๿຀-໿က-႟ꧠ-꧿ꩠ-ꩿក-៿᧠-᧿]*';
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
     WHERE (new.public_id || v.body || coalesce(v.tags, '')) GLOB '*[㐀-䶿一-鿿豈-﫿𠀀-𲎯々-〇ぁ-ヿㇰ-ㇿｦ-ﾟᄀ-ᇿ㄰-㆏ꥠ-꥿가-퟿฀-๿຀-໿က-႟ꧠ-꧿ꩠ-ꩿក-៿᧠-᧿]*';
END;

CREATE TRIGGER search_report_insert AFTER INSERT ON reports BEGIN
    INSERT INTO search_index (rowid, kind, ref_id, commitment_id, year, code, body, tags)
    VALUES (new.rowid * 2 + 1, 'report', new.id, new.commitment_id, new.year,
            (SELECT public_id FROM commitments WHERE id = new.commitment_id),
            new.achievements || char(10) || new.challenges || char(10) || new.next_steps,
            (SELECT group_concat(value, ' ') FROM json_each(new.tags)));
END;

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
     WHERE (v.code || v.body || coalesce(v.tags, '')) GLOB '*[㐀-䶿一-鿿豈-﫿𠀀-𲎯々-〇ぁ-ヿㇰ-ㇿｦ-ﾟᄀ-ᇿ㄰-㆏ꥠ-꥿가-퟿฀-๿຀-໿က-႟ꧠ-꧿ꩠ-ꩿក-៿᧠-᧿]*';
END;

CREATE TRIGGER search_report_update AFTER UPDATE OF achievements, challenges, next_steps, tags ON reports BEGIN
    DELETE FROM search_index WHERE rowid = old.rowid * 2 + 1;
    -- (When the new text is not all ASCII, search_report_update_unspaced replaces the row: the
    -- order in which two triggers fire is not defined.)
    DELETE FROM search_unspaced WHERE rowid = old.rowid * 2 + 1
       AND length(new.achievements || new.challenges || new.next_steps || new.tags ||
                  (SELECT public_id FROM commitments WHERE id = new.commitment_id))
           = octet_length(new.achievements || new.challenges || new.next_steps || new.tags ||
                          (SELECT public_id FROM commitments WHERE id = new.commitment_id));
    INSERT INTO search_index (rowid, kind, ref_id, commitment_id, year, code, body, tags)
    VALUES (new.rowid * 2 + 1, 'report', new.id, new.commitment_id, new.year,
            (SELECT public_id FROM commitments WHERE id = new.commitment_id),
            new.achievements || char(10) || new.challenges || char(10) || new.next_steps,
            (SELECT group_concat(value, ' ') FROM json_each(new.tags)));
END;

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
     WHERE (v.code || v.body || coalesce(v.tags, '')) GLOB '*[㐀-䶿一-鿿豈-﫿𠀀-𲎯々-〇ぁ-ヿㇰ-ㇿｦ-ﾟᄀ-ᇿ㄰-㆏ꥠ-꥿가-퟿฀-๿຀-໿က-႟ꧠ-꧿ꩠ-ꩿក-៿᧠-᧿]*';
END;

CREATE TRIGGER search_commitment_delete AFTER DELETE ON commitments BEGIN
    DELETE FROM search_index WHERE rowid = old.rowid * 2;
    DELETE FROM search_unspaced WHERE rowid = old.rowid * 2;
END;

CREATE TRIGGER search_report_delete AFTER DELETE ON reports BEGIN
    DELETE FROM search_index WHERE rowid = old.rowid * 2 + 1;
    DELETE FROM search_unspaced WHERE rowid = old.rowid * 2 + 1;
END;
